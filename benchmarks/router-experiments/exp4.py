from base import *
import itertools
M=np.load(EXP+'/math.npy'); FM=np.hstack([F,M])
FS={'base':F,'math':FM}
L2=[1e-3,1e-2,0.1]; KW=[0.3,0.5,0.7]
srcs=['arena_bench_v1','gsm8k','mmlu']
def components(tr,te):
    k=knn(E[tr],y[tr],E[te]); h={}
    for fs,l2 in itertools.product(FS,L2):
        X=FS[fs]; h[(fs,l2)]=lr_pred(lr_fit(X[tr],y[tr],l2),X[te])
    return k,h
def crit(p,idx):
    return np.mean([metrics(p[src[idx]==s],S[idx][src[idx]==s],W[idx][src[idx]==s])[0] for s in srcs])
rng=np.random.default_rng(0)
def inner_choose(tr_idx):
    # 4-fold inner CV on training items
    f=rng.integers(0,4,len(tr_idx))
    kk=np.zeros(len(tr_idx)); hh={c:np.zeros(len(tr_idx)) for c in itertools.product(FS,L2)}
    for g in range(4):
        a=tr_idx[f!=g]; b=tr_idx[f==g]
        k,h=components(a,b); kk[f==g]=k
        for c in h: hh[c][f==g]=h[c]
    best=None
    for c in hh:
        for kw in KW:
            v=crit(kw*kk+(1-kw)*hh[c],tr_idx)
            if best is None or v>best[0]: best=(v,c,kw)
    return best
out=np.zeros(n)
for f in range(5):
    tr=np.where(fold!=f)[0]; te=np.where(fold==f)[0]
    v,c,kw=inner_choose(tr); print('outer',f,'chose',c,kw,round(v,3),flush=True)
    k,h=components(tr,te); out[te]=kw*k+(1-kw)*h[c]
report('NESTED select fs/l2/kw',out)
# fixed grid on outer, for reference
allk=np.zeros(n); allh={c:np.zeros(n) for c in itertools.product(FS,L2)}
for f in range(5):
    tr=np.where(fold!=f)[0]; te=np.where(fold==f)[0]; k,h=components(tr,te); allk[te]=k
    for c in h: allh[c][te]=h[c]
for c in allh:
    for kw in KW: report(f'{c} kw={kw}',kw*allk+(1-kw)*allh[c])
