from base import *
import re, collections
P={}
for f in ["arena_bench_v1","gsm8k","mmlu"]:
    for l in open(f"/work/shared/data/routing/{f}.jsonl"):
        x=json.loads(l); P[x["id"]]=x["prompt"]
prompts=[P[i] for i in ids]
# duplicates: do dup groups share labels?
g=collections.defaultdict(list)
for i,p in enumerate(prompts): g[p].append(i)
dups=[v for v in g.values() if len(v)>1]
print('dup groups',len(dups),'label-agree',sum(len(set(y[v]))==1 for v in dups), 'cross-fold groups',sum(len(set(fold[v]))>1 for v in dups))
# grouped folds: fold of a group's first member
gf=fold.copy()
for v in dups: gf[v]=fold[v[0]]
#report('baseline, grouped folds',cv(base,gf))
# math features
NUM=re.compile(r'\d+(?:[.,]\d+)*')
def mf(p):
    nums=NUM.findall(p); words=p.split()
    sents=max(1,len(re.findall(r'[.!?](\s|$)',p)))
    return [len(nums)/10, len(set(nums))/10, np.log1p(len(words))/5, sents/10,
            sum('.' in x for x in nums)/5, len(re.findall(r'%|percent',p))/3,
            len(re.findall(r'\b(half|twice|double|triple|third|quarter|fraction)\b',p,re.I))/3,
            len(re.findall(r'\b(each|per|every)\b',p,re.I))/3,
            len(re.findall(r'\b(more|less|fewer|left|remaining|than)\b',p,re.I))/3,
            np.log1p(max([float(re.sub(r'[^0-9]','',x)[:12] or 0) for x in nums] or [0]))/30,
            len(re.findall(r'\b(hour|minute|week|day|month|year|second)s?\b',p,re.I))/3]
M=np.array([mf(p) for p in prompts])
m=src=='gsm8k'
def auc(s,t):
    from itertools import product
    pos=s[t==1]; neg=s[t==0]; r=np.argsort(np.argsort(np.concatenate([pos,neg])))
    return (r[:len(pos)].sum()-len(pos)*(len(pos)-1)/2)/(len(pos)*len(neg))
FM=np.hstack([F,M])
for l2 in [1e-3,1e-2,0.1]:
    report(f'knn+feat(+math) l2={l2}',cv(lambda tr,te: 0.5*knn(E[tr],y[tr],E[te])+0.5*lr_pred(lr_fit(FM[tr],y[tr],l2),FM[te])))
np.save(EXP+'/math.npy',M)
json.dump(prompts,open(EXP+'/prompts.json','w'))
