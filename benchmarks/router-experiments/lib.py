import os
EXP = os.environ.get('ROUTER_EXP', '/tmp/router-exp')
import struct, numpy as np, re, json
def load(path):
    b=open(path,'rb').read(); o=0
    n,d,f=struct.unpack_from('>iii',b,o); o+=12
    ids=[];src=[];S=np.zeros(n);W=np.zeros(n);lo=np.zeros(n);hi=np.zeros(n);E=np.zeros((n,d),np.float32);F=np.zeros((n,f))
    for i in range(n):
        for lst in (ids,src):
            l=struct.unpack_from('>H',b,o)[0]; o+=2; lst.append(b[o:o+l].decode('utf-8','replace')); o+=l
        S[i],W[i],lo[i],hi[i]=struct.unpack_from('>dddd',b,o); o+=32
        E[i]=np.frombuffer(b,'>f4',d,o); o+=4*d
        F[i]=np.frombuffer(b,'>f8',f,o); o+=8*f
    return ids,np.array(src),S,W,lo,hi,E,F
def java_folds(n,k=5,seed=7):
    # java.util.Random
    mult=0x5DEECE66D; mask=(1<<48)-1
    s=(seed ^ mult)&mask
    out=[]
    for _ in range(n):
        # nextInt(bound) for bound not power of 2
        while True:
            s=(s*mult+0xB)&mask; bits=s>>17
            val=bits%k
            if bits-val+(k-1) < (1<<31): break
        out.append(val)
    return np.array(out)
def target(S,W,lo,hi):
    g=(S-W)/(hi-lo); return np.clip(g*5,0,1)
def curve(p,s,w):
    n=len(p); order=np.argsort(-p,kind='stable'); tot=w.sum(); pts=[(0.0,tot/n)]; i=0
    ps=p[order]
    while i<n:
        j=i
        while j<n and ps[j]==ps[i]:
            tot+=s[order[j]]-w[order[j]]; j+=1
        pts.append((j/n,tot/n)); i=j
    return pts
def metrics(p,s,w):
    pts=curve(p,s,w); S_=s.mean(); W_=w.mean()
    pg=[(c,(q-W_)/(S_-W_)) for c,q in pts]
    apgr=sum((x1-x0)*(y0+y1)/2 for (x0,y0),(x1,y1) in zip(pg,pg[1:]))
    def cpt(x):
        prev=None
        for c,g in pg:
            if g>=x-1e-12:
                if prev is None: return c
                c0,g0=prev; return c0+(c-c0)*(x-g0)/(g-g0) if g!=g0 else c
            prev=(c,g)
        return 1.0
    return apgr,cpt(0.5)*100,cpt(0.8)*100
def sig(z): return 1/(1+np.exp(-z))
def knn(Etr,ytr,Ete,k=50,tau=0.1,pw=1.0,psim=0.5):
    sims=Ete@Etr.T
    k=min(k,Etr.shape[0])
    idx=np.argpartition(-sims,k-1,axis=1)[:,:k]
    top=np.take_along_axis(sims,idx,1)
    w=np.exp((top-1)/tau); prior=ytr.mean(); pm=pw*np.exp((psim-1)/tau)
    return (pm*prior+(w*ytr[idx]).sum(1))/(pm+w.sum(1))
def lr_fit(X,y,l2,epochs=300,rate=0.01,sample_w=None):
    n,d=X.shape; mu=X.mean(0); sd=X.std(0)+1e-6; Z=(X-mu)/sd
    w=np.zeros(d); b=0.; m=np.zeros(d+1); v=np.zeros(d+1)
    sw=np.ones(n) if sample_w is None else sample_w
    sw=sw/sw.sum()
    for t in range(1,epochs+1):
        e=(sig(Z@w+b)-y)*sw
        g=np.concatenate([Z.T@e+l2*w,[e.sum()]])
        m=0.9*m+0.1*g; v=0.999*v+0.001*g*g
        delta=rate*(m/(1-0.9**t))/(np.sqrt(v/(1-0.999**t))+1e-8)
        w-=delta[:d]; b-=delta[d]
    return (mu,sd,w,b)
def lr_pred(model,X):
    mu,sd,w,b=model; return sig(((X-mu)/sd)@w+b)
def auc(s,t):
    """Rank AUC of scores s for 0/1 targets t, ties at their mid-rank."""
    order=np.argsort(s,kind='mergesort'); ss=s[order]; r=np.empty(len(s)); i=0
    while i<len(s):
        j=i
        while j<len(s) and ss[j]==ss[i]: j+=1
        r[order[i:j]]=(i+j-1)/2+1; i=j
    pos=t==1; n1=pos.sum(); n0=len(t)-n1
    return (r[pos].sum()-n1*(n1+1)/2)/(n1*n0)
