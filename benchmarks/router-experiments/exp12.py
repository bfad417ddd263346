# A ranking head: APGR depends only on the order of a source's items, and the logistic head spends most of its
# fit on telling sources apart (MMLU's rate vs GSM8K's). RankNet over pairs of training items *of the same
# source* (the source is known for training items only; serving needs no source) with g_i > g_j, weighted by
# g_i - g_j, each source's pairs weighted equally; linear on the standardised 9 features, Adam as the head
# (300 epochs, rate 0.01, L2 1e-3), 20,000 sampled pairs per source per epoch. The ranking score is then
# calibrated to a probability by a 1-d logistic fit of the label on it (training items), and blended 0.5 / 0.5
# with the kNN memory as the default head is. Settings fixed before looking; 5 seeds, grouped folds.
from seeds import *
M=np.load(EXP+'/math.npy')
def rank_fit(X,g,groups,l2=1e-3,epochs=300,rate=0.01,pairs=20000,seed=0):
    rng=np.random.default_rng(seed)
    mu=X.mean(0); sd=X.std(0)+1e-6; Z=(X-mu)/sd; d=Z.shape[1]
    w=np.zeros(d); m=np.zeros(d); v=np.zeros(d)
    idx={s:np.where(groups==s)[0] for s in np.unique(groups)}
    for t in range(1,epochs+1):
        grad=l2*w
        for s,ix in idx.items():
            a=rng.choice(ix,pairs); b=rng.choice(ix,pairs); dg=g[a]-g[b]; keep=dg!=0
            a,b,dg=a[keep],b[keep],dg[keep]
            hi_,lo_=np.where(dg>0,a,b),np.where(dg>0,b,a); wt=np.abs(dg)
            diff=Z[hi_]-Z[lo_]; e=(sig(diff@w)-1)*wt
            grad=grad+(diff.T@e)/max(len(e),1)/len(idx)
        m=0.9*m+0.1*grad; v=0.999*v+0.001*grad*grad
        w-=rate*(m/(1-0.9**t))/(np.sqrt(v/(1-0.999**t))+1e-8)
    return mu,sd,w
def rank_head(Xtr,gtr,ytr,groups,Xte):
    mu,sd,w=rank_fit(Xtr,gtr,groups)
    r_tr=((Xtr-mu)/sd)@w; r_te=((Xte-mu)/sd)@w
    return lr_pred(lr_fit(r_tr[:,None],ytr,0.0),r_te[:,None])
def ranked(X):
    return lambda tr,te: 0.5*knn(E[tr],y[tr],E[te])+0.5*rank_head(X[tr],gain[tr],y[tr],src[tr],X[te])
if __name__=='__main__':
    report5('kNN + RankNet head (9 features)',cv5(ranked(F)))
    report5('kNN + RankNet head (9 + 11 math)',cv5(ranked(np.hstack([F,M]))))
