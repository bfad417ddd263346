# Repeated 5-fold CV as `hedge router train --cv-repeats 5`: fold seeds 7-11, items whose prompts are equal up
# to case and whitespace share the fold of the first of them (RouterTrainer.folds). report5 prints, per source,
# the mean APGR / CPT(50 %) / CPT(80 %) over the five seeds and the APGR range.
from base import *
P=json.load(open(EXP+'/prompts.json'))
KEYS=[' '.join(t.split()).lower() for t in P]
def grouped_folds(seed):
    drawn=java_folds(n,5,seed); first={}; out=np.empty(n,int)
    for i,k in enumerate(KEYS):
        out[i]=first.setdefault(k,drawn[i])
    return out
SEEDS=[7,8,9,10,11]
FOLDS={s:grouped_folds(s) for s in SEEDS}
SOURCES=['arena_bench_v1','gsm8k','mmlu']
# signed gain for every item: 0/1 sources in {-1, 0, 1}; judge scores scaled like the label (x5), clipped to [-1, 1]
gain=np.clip((S-W)/(hi-lo)*5,-1,1)
def cv5(scorefn):
    return [cv(scorefn,FOLDS[s]) for s in SEEDS]
def summary(preds):
    out={}
    for s in SOURCES:
        m=src==s; r=np.array([metrics(p[m],S[m],W[m]) for p in preds]); out[s]=r
    return out
def report5(name,preds):
    r=summary(preds); cells=[]
    for s in SOURCES:
        a=r[s]; mean=a.mean(0)
        cells.append('%.3f/%.1f/%.1f (%.3f-%.3f)'%(mean[0],mean[1],mean[2],a[:,0].min(),a[:,0].max()))
    print(f'{name:44s}',' | '.join(cells),flush=True)
    return r
