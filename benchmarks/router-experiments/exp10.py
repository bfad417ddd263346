from base import *
P=json.load(open(EXP+'/prompts.json')); gf=fold.copy(); first={}
for i,t in enumerate(P):
    key=' '.join(t.split()).lower()
    if key in first: gf[i]=fold[first[key]]
    else: first[key]=i
# typicality: mean top-50 similarity to all other items (diagnostic only, uses all items)
sims=E@E.T; np.fill_diagonal(sims,-2)
idx=np.argpartition(-sims,49,axis=1)[:,:50]; fam=np.take_along_axis(sims,idx,1).mean(1); top1=sims.max(1)
m=src=='gsm8k'; yb=(y[m]>0.5).astype(int)
print('gsm8k AUC typicality',round(auc(fam[m],yb),3),'top1',round(auc(top1[m],yb),3))
# within-fold version as head feature
def withfam(tr,te):
    tri=np.where(tr)[0]
    def famof(rows,excl):
        s=E[rows]@E[tri].T
        if excl: s[np.arange(len(rows)),np.searchsorted(tri,rows)]=-2
        ix=np.argpartition(-s,49,axis=1)[:,:50]; return np.take_along_axis(s,ix,1).mean(1)
    Ftr=np.hstack([F[tr],famof(tri,True)[:,None]]); Fte=np.hstack([F[te],famof(np.where(te)[0],False)[:,None]])
    return 0.5*knn(E[tr],y[tr],E[te])+0.5*lr_pred(lr_fit(Ftr,y[tr],1e-3),Fte)
report('default + typicality feature',cv(withfam,gf))
