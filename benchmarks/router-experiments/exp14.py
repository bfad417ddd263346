# Per-kind settings chosen by nested CV (shippable: the kind is predicted from the embedding, not given).
# A softmax classifier over the training items' sources gives each prompt its kind. For each kind,
# 4 inner folds of the outer training set choose, by that kind's inner APGR, one of 20 scorers: kNN weight
# {0, .25, .5, .75, 1} x head features {9, 9 + 11 math} x target {label y, gain g (kNN mean of g, head
# P(g>0) - P(g<0))}. The outer test fold is scored by the chosen scorer of its predicted kind. 5 seeds.
from seeds import *
M=np.load(EXP+'/math.npy'); FM=np.hstack([F,M])
pos=np.clip(gain,0,1); neg=np.clip(-gain,0,1)
WEIGHTS=[0,0.25,0.5,0.75,1]
def parts(tri,tei):
    """kNN and head scores of tei by models trained on tri, per (target, features)."""
    out={}
    for tname in ['y','g']:
        k=knn(E[tri],(y if tname=='y' else gain)[tri],E[tei])
        for fname,X in [('9',F),('9+math',FM)]:
            if tname=='y': h=lr_pred(lr_fit(X[tri],y[tri],1e-3),X[tei])
            else: h=lr_pred(lr_fit(X[tri],pos[tri],1e-3),X[tei])-lr_pred(lr_fit(X[tri],neg[tri],1e-3),X[tei])
            out[(tname,fname)]=(k,h)
    return out
def blend(pp,opt):
    t,f,w=opt; k,h=pp[(t,f)]; return w*k+(1-w)*h
OPTS=[(t,f,w) for t in ['y','g'] for f in ['9','9+math'] for w in WEIGHTS]
def kind_of(tri,tei):
    """Softmax regression (class-balanced, L2 1e-3, 300 gradient steps) over embedding + features."""
    Y=np.stack([(src[tri]==s) for s in SOURCES],1).astype(float)
    X=np.hstack([E,F]); mu=X[tri].mean(0); sd=X[tri].std(0)+1e-6; Ztr=(X[tri]-mu)/sd; Zte=(X[tei]-mu)/sd
    sw=(Y/Y.sum(0)).sum(1); sw/=sw.sum(); Wt=np.zeros((X.shape[1],len(SOURCES))); b=np.zeros(len(SOURCES))
    for _ in range(300):
        L=Ztr@Wt+b; Pr=np.exp(L-L.max(1,keepdims=True)); Pr/=Pr.sum(1,keepdims=True)
        G=(Pr-Y)*sw[:,None]; Wt-=Ztr.T@G+1e-3*Wt; b-=G.sum(0)
    return np.array(SOURCES)[np.argmax(Zte@Wt+b,1)]
chosen_log=[]
def nested(tr,te):
    tri=np.where(tr)[0]; tei=np.where(te)[0]
    inner=np.random.default_rng(len(tri)).integers(0,4,len(tri))
    scores={o:np.zeros(len(tri)) for o in OPTS}
    for f in range(4):
        a=tri[inner!=f]; b=tri[inner==f]; pp=parts(a,b)
        for o in OPTS: scores[o][inner==f]=blend(pp,o)
    pick={}
    for s in SOURCES:
        m=src[tri]==s
        pick[s]=max(OPTS,key=lambda o: metrics(scores[o][m],S[tri][m],W[tri][m])[0])
    chosen_log.append(pick)
    pp=parts(tri,tei); kinds=kind_of(tri,tei); out=np.zeros(len(tei))
    for s in SOURCES:
        m=kinds==s
        if m.any(): out[m]=blend({k:(v[0][m],v[1][m]) for k,v in pp.items()},pick[s])
    return out
if __name__=='__main__':
    tr=FOLDS[7]!=0; k=kind_of(np.where(tr)[0],np.where(~tr)[0]); print('kind accuracy (seed 7, fold 0)',(k==src[~tr]).mean(),
        {s:round(float((k[src[~tr]==s]==s).mean()),3) for s in SOURCES})
    report5('per-kind nested choice of 20 scorers',cv5(nested))
    import collections
    for s in SOURCES: print(s,collections.Counter(p[s] for p in chosen_log).most_common(5))
