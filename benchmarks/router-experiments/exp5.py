from base import *
M=np.load(EXP+'/math.npy'); FM=np.hstack([F,M]); X=np.hstack([E,F])
srcs=['arena_bench_v1','gsm8k','mmlu']
def loso(fn):
    out=np.zeros(n)
    for s in srcs:
        te=src==s; tr=~te; out[te]=fn(tr,te)
    return out
report('LOSO base',loso(lambda tr,te: 0.5*knn(E[tr],y[tr],E[te])+0.5*lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te])))
report('LOSO math',loso(lambda tr,te: 0.5*knn(E[tr],y[tr],E[te])+0.5*lr_pred(lr_fit(FM[tr],y[tr],1e-3),FM[te])))
# class-weighted LR on embedding+features
def cw(tr):
    yy=y[tr]; pos=yy.mean(); return np.where(yy>0.5,0.5/pos,0.5/(1-pos))
for l2 in [1e-2,0.1]:
    report(f'LR emb+feat classweighted l2={l2}',cv(lambda tr,te: lr_pred(lr_fit(X[tr],y[tr],l2,sample_w=cw(tr)),X[te])))
# small MLP
def mlp(tr,te,h=32,wd=1e-2,epochs=300,seed=0):
    r=np.random.default_rng(seed); Xt=X[tr]; mu=Xt.mean(0); sd=Xt.std(0)+1e-6; Z=(Xt-mu)/sd; Zt=(X[te]-mu)/sd; yy=y[tr]
    d=Z.shape[1]; W1=r.normal(0,1/np.sqrt(d),(d,h)); b1=np.zeros(h); w2=r.normal(0,1/np.sqrt(h),h); b2=0.
    params=[W1,b1,w2,np.array([b2])]; m=[np.zeros_like(p) for p in params]; v=[np.zeros_like(p) for p in params]
    for t in range(1,epochs+1):
        A=np.maximum(Z@params[0]+params[1],0); o=sig(A@params[2]+params[3][0]); e=(o-yy)/len(yy)
        g2=A.T@e+wd*params[2]; gb2=np.array([e.sum()]); dA=np.outer(e,params[2])*(A>0)
        g1=Z.T@dA+wd*params[0]; gb1=dA.sum(0)
        for i,g in enumerate([g1,gb1,g2,gb2]):
            m[i]=0.9*m[i]+0.1*g; v[i]=0.999*v[i]+0.001*g*g
            params[i]=params[i]-0.003*(m[i]/(1-0.9**t))/(np.sqrt(v[i]/(1-0.999**t))+1e-8)
    A=np.maximum(Zt@params[0]+params[1],0); return sig(A@params[2]+params[3][0])
base_cv=cv(base)
for wd in [1e-2,1e-1]:
    p=cv(lambda tr,te: mlp(tr,te,wd=wd))
    report(f'MLP32 emb+feat wd={wd}',p); report('  (base+MLP)/2',(base_cv+p)/2)
