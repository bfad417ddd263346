import sys; import os; sys.path.insert(0,os.path.dirname(os.path.abspath(__file__)))
from lib import *
ids,src,S,W,lo,hi,E,F=load(sys.argv[1] if len(sys.argv)>1 else EXP+'/emb128.bin')
n=len(ids); y=target(S,W,lo,hi); fold=java_folds(n)
s01=(S-lo)/(hi-lo); w01=(W-lo)/(hi-lo)
def cv(scorefn, folds=fold):
    out=np.zeros(n)
    for f in range(5):
        tr=folds!=f; te=~tr
        out[te]=scorefn(tr,te)
    return out
def report(name,p):
    r=[]
    for s in ['arena_bench_v1','gsm8k','mmlu']:
        m=src==s; a=metrics(p[m],S[m],W[m]); r.append('%.3f/%.1f/%.1f'%a)
    print(f'{name:40s}',' | '.join(r),flush=True)
def base(tr,te):
    k=knn(E[tr],y[tr],E[te]); h=lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te]); return 0.5*k+0.5*h
if __name__=='__main__':
    report('baseline knn+feat',cv(base))
