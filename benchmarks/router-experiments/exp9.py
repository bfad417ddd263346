from base import *
srcs=['arena_bench_v1','gsm8k','mmlu']
P=json.load(open(EXP+'/prompts.json')); gf=fold.copy(); first={}
for i,t in enumerate(P):
    key=' '.join(t.split()).lower()
    if key in first: gf[i]=fold[first[key]]
    else: first[key]=i
def topmean(Etr,Ete,k=50,self_ex=False):
    sims=Ete@Etr.T
    if self_ex: np.fill_diagonal(sims,-2)
    idx=np.argpartition(-sims,k-1,axis=1)[:,:k]; return np.take_along_axis(sims,idx,1).mean(1)
def gated(tr,te,lo_q=5,hi_q=50):
    k=knn(E[tr],y[tr],E[te]); h=lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te])
    # familiarity of training items (leave-one-out), subsample for speed
    tri=np.where(tr)[0]; sub=tri[np.random.default_rng(0).choice(len(tri),min(1500,len(tri)),replace=False)]
    ref=(E[sub]@E[tri].T); ref[np.arange(len(sub)),np.searchsorted(tri,sub)]=-2
    idx=np.argpartition(-ref,49,axis=1)[:,:50]; fam_tr=np.take_along_axis(ref,idx,1).mean(1)
    q0,q1=np.percentile(fam_tr,[lo_q,hi_q])
    fam=topmean(E[tr],E[te]); w=0.5*np.clip((fam-q0)/(q1-q0),0,1)
    return w*k+(1-w)*h
def loso(fn):
    out=np.zeros(n)
    for s in srcs:
        te=src==s; out[te]=fn(~te,te)
    return out
report('CV default',cv(base,gf)); report('CV gated',cv(gated,gf))
report('LOSO default',loso(base)); report('LOSO gated',loso(gated))
# diagnostics: familiarity in LOSO
for s in srcs:
    te=src==s; print(s,'own-source-out fam mean',topmean(E[~te],E[te]).mean().round(3))
