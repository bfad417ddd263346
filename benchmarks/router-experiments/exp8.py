from base import *
for seed in [1,2,3,4,5]:
    report(f'default, fold seed {seed}',cv(base,java_folds(n,5,seed)))
def white(tr,te,eps):
    mu=E[tr].mean(0); C=np.cov((E[tr]-mu).T); ev,V=np.linalg.eigh(C)
    T=lambda X: (lambda Z: Z/np.linalg.norm(Z,axis=1,keepdims=True))(((X-mu)@V)/np.sqrt(ev+eps))
    return 0.5*knn(T(E[tr]),y[tr],T(E[te]))+0.5*lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te])
for eps in [1e-4,1e-3]:
    report(f'whitened kNN eps={eps} + head',cv(lambda tr,te: white(tr,te,eps)))
