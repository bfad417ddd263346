from base import *
srcs=['arena_bench_v1','gsm8k','mmlu']
P=json.load(open(EXP+'/prompts.json')); gf=fold.copy(); first={}
for i,t in enumerate(P):
    key=' '.join(t.split()).lower()
    if key in first: gf[i]=fold[first[key]]
    else: first[key]=i
def persource(tr,te):
    out=np.zeros(te.sum()); idx=np.where(te)[0]
    for s in srcs:
        a=tr&(src==s); b=src[idx]==s
        out[b]=0.5*knn(E[a],y[a],E[idx[b]])+0.5*lr_pred(lr_fit(F[a],y[a],1e-3),F[idx[b]])
    return out
report('grouped: all sources (default)',cv(base,gf))
report('grouped: per-source training (oracle source)',cv(persource,gf))
