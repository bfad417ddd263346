# Leave-one-source-out for the gain-target variants of exp11 (each source scored by a router trained on the others).
from exp11 import *
def loso(fn):
    out=np.zeros(n)
    for s in SOURCES:
        te=src==s; out[te]=fn(~te,te)
    return out
if __name__=='__main__':
    report('LOSO default (label y)',loso(default))
    report('LOSO kNN on g, head P(g>0)-P(g<0)',loso(gain_both))
    report('LOSO kNN on g, head on y',loso(gain_knn))
