from base import *
p=cv(base)
gf=fold.copy()
P=json.load(open(EXP+'/prompts.json'))
first={}
for i,t in enumerate(P):
    key=' '.join(t.split()).lower()
    if key in first: gf[i]=fold[first[key]]
    else: first[key]=i
pg=cv(base,gf)
report('grouped (normalised text) folds',pg)
for name,pp in [('plain',p),('grouped',pg)]:
  with open(EXP+f'/cv-{name}.jsonl','w') as f:
    for i in range(n): f.write(json.dumps({'id':ids[i],'p_strong':float(pp[i])})+'\n')
