# The full gain instead of the 0/1 label: g = q_strong - q_weak in {-1, 0, 1} for 0/1 sources (judge scores:
# the scaled gap x5, clipped to [-1, 1]). Routing a g = -1 item strong lowers quality, yet the label counts it
# like g = 0. Settings fixed before looking (the default's k, tau, L2, 0.5 / 0.5 blend); 5 seeds, grouped folds.
from seeds import *
pos=np.clip(gain,0,1); neg=np.clip(-gain,0,1)      # pos is the current label y
s01=(S-lo)/(hi-lo); w01=(W-lo)/(hi-lo)
def head(tr,te,t): return lr_pred(lr_fit(F[tr],t[tr],1e-3),F[te])
def default(tr,te): return 0.5*knn(E[tr],y[tr],E[te])+0.5*head(tr,te,y)
def gain_knn(tr,te): return 0.5*knn(E[tr],gain[tr],E[te])+0.5*head(tr,te,y)
def gain_both(tr,te):   # kNN mean of g; head: P(g > 0) - P(g < 0) from two logistic heads
    return 0.5*knn(E[tr],gain[tr],E[te])+0.5*(head(tr,te,pos)-head(tr,te,neg))
def two(tr,te):         # P(strong right) and P(weak right), each kNN + head
    ps=0.5*knn(E[tr],s01[tr],E[te])+0.5*head(tr,te,s01)
    pw=0.5*knn(E[tr],w01[tr],E[te])+0.5*head(tr,te,w01)
    return ps,pw
if __name__=='__main__':
    d=report5('default (label y)',cv5(default))
    for name,fn in [('kNN on gain g, head on y',gain_knn),('kNN on g, head P(g>0)-P(g<0)',gain_both)]:
        r=report5(name,cv5(fn))
        print('   APGR minus default, seeds 7-11:',' | '.join(s+' '+' '.join('%+.3f'%x for x in r[s][:,0]-d[s][:,0]) for s in SOURCES))
    diff=[];prod=[]
    for s in SEEDS:
        ps=np.zeros(n); pw=np.zeros(n)
        for f in range(5):
            tr=FOLDS[s]!=f; te=~tr; a,b=two(tr,te); ps[te]=a; pw[te]=b
        diff.append(ps-pw); prod.append(ps*(1-pw))
    report5('P(S right) - P(W right)',diff)
    report5('P(S right) x P(W wrong)',prod)
