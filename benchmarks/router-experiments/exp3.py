from base import *
import re, collections
prompts=json.load(open(EXP+'/prompts.json')); M=np.load(EXP+'/math.npy')
m=src=='gsm8k'; yb=(y[m]>0.5).astype(int)
names=['nums','distinct','words','sents','decimals','percent','frac','each','compare','maxnum','time']
print('gsm8k AUC', {nm:round(auc(M[m,j],yb),3) for j,nm in enumerate(names)})
print('gsm8k AUC base feats', [round(auc(F[m,j],yb),3) for j in range(F.shape[1])])
# bag of words
tok=[re.findall(r"[a-z]+|\d",p.lower()) for p in prompts]
cnt=collections.Counter(w for t in tok for w in set(t))
vocab=[w for w,c in cnt.items() if c>=10]; vi={w:i for i,w in enumerate(vocab)}
B=np.zeros((n,len(vocab)),np.float32)
for i,t in enumerate(tok):
    for w in set(t):
        if w in vi: B[i,vi[w]]=1
print('vocab',len(vocab))
for l2 in [1e-2,0.1]:
    p=cv(lambda tr,te: lr_pred(lr_fit(B[tr],y[tr],l2,epochs=200),B[te]))
    report(f'BoW LR l2={l2}',p)
    k=cv(lambda tr,te: 0.5*knn(E[tr],y[tr],E[te])+0.5*lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te]))
    report('  base+BoW /2',(k+p)/2)
