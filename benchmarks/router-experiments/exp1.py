from base import *
X=np.hstack([E,F])
ww=np.clip(1-w01,0,1)  # weak wrong target
report('knn only',cv(lambda tr,te: knn(E[tr],y[tr],E[te])))
report('feat only',cv(lambda tr,te: lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te])))
for l2 in [1e-3,1e-2,1e-1,1.0]:
    p=cv(lambda tr,te: lr_pred(lr_fit(X[tr],y[tr],l2),X[te]))
    report(f'LR emb+feat l2={l2}',p)
    k=cv(lambda tr,te: knn(E[tr],y[tr],E[te]))
    h=cv(lambda tr,te: lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te]))
    report(f'  blend knn/3+feat/3+LR/3',(k+h+p)/3)
    report(f'  blend knn/2+LR/2',(k+p)/2)
for k_ in [20,100,200]:
    for tau in [0.05,0.1,0.2]:
        report(f'knn k={k_} tau={tau} +feat',cv(lambda tr,te: 0.5*knn(E[tr],y[tr],E[te],k_,tau)+0.5*lr_pred(lr_fit(F[tr],y[tr],1e-3),F[te])))
report('weak-wrong target knn+feat',cv(lambda tr,te: 0.5*knn(E[tr],ww[tr],E[te])+0.5*lr_pred(lr_fit(F[tr],ww[tr],1e-3),F[te])))
