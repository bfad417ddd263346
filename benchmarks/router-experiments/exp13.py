# Gradient-boosted trees (numpy, depth 2, squared loss) on the 9 features + 11 math features + the kNN memory's
# score. The kNN score of a training item is out-of-fold (inner 5 folds of the training set), so the trees see
# it as they will at serving. Targets: the label y, or the signed gain g. Settings fixed before looking:
# 200 rounds, shrinkage 0.05, depth 2, at least 40 items per leaf, 32 quantile thresholds per feature.
from seeds import *
M=np.load(EXP+'/math.npy')
def best_split(X,r,rows,minleaf,cuts):
    best=(0,None,None)
    base=r[rows].sum()**2/len(rows)
    for f in range(X.shape[1]):
        x=X[rows,f]
        for c in cuts[f]:
            L=x<=c; nl=L.sum(); nr=len(rows)-nl
            if nl<minleaf or nr<minleaf: continue
            sl=r[rows][L].sum(); sr=r[rows].sum()-sl
            gain_=sl*sl/nl+sr*sr/nr-base
            if gain_>best[0]: best=(gain_,f,c)
    return best
def tree(X,r,rows,depth,minleaf,cuts):
    if depth==0: return ('leaf',r[rows].mean())
    g,f,c=best_split(X,r,rows,minleaf,cuts)
    if f is None: return ('leaf',r[rows].mean())
    L=rows[X[rows,f]<=c]; R=rows[X[rows,f]>c]
    return ('split',f,c,tree(X,r,L,depth-1,minleaf,cuts),tree(X,r,R,depth-1,minleaf,cuts))
def tpred(t,X):
    if t[0]=='leaf': return np.full(len(X),t[1])
    _,f,c,l,r=t; out=np.empty(len(X)); m=X[:,f]<=c
    out[m]=tpred(l,X[m]); out[~m]=tpred(r,X[~m]); return out
def gbdt(X,t,rounds=200,rate=0.05,depth=2,minleaf=40):
    cuts=[np.unique(np.quantile(X[:,f],np.linspace(0.03,0.97,32))) for f in range(X.shape[1])]
    f0=t.mean(); pred=np.full(len(t),f0); trees=[]; rows=np.arange(len(t))
    for _ in range(rounds):
        tr_=tree(X,t-pred,rows,depth,minleaf,cuts); pred+=rate*tpred(tr_,X); trees.append(tr_)
    return lambda Z: f0+rate*sum(tpred(tr_,Z) for tr_ in trees)
def oof_knn(trrows,target,seed=1):
    inner=np.random.default_rng(seed).integers(0,5,len(trrows)); out=np.zeros(len(trrows))
    for f in range(5):
        a=trrows[inner!=f]; b=trrows[inner==f]; out[inner==f]=knn(E[a],target[a],E[b])
    return out
FM=np.hstack([F,M])
def boosted(target):
    def fn(tr,te):
        tri=np.where(tr)[0]; tei=np.where(te)[0]
        Xtr=np.hstack([FM[tri],oof_knn(tri,target)[:,None]])
        Xte=np.hstack([FM[tei],knn(E[tri],target[tri],E[tei])[:,None]])
        return gbdt(Xtr,target[tri])(Xte)
    return fn
if __name__=='__main__':
    report5('GBDT(features + math + OOF kNN), label y',cv5(boosted(y)))
    report5('GBDT(features + math + OOF kNN), gain g',cv5(boosted(gain)))
