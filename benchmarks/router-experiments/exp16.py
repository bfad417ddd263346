# Question-only difficulty features from Srivatsa & Kochmar, "What Makes Math Word Problems Challenging for
# LLMs?" (NAACL 2024): infrequent numerical tokens, long sentences / low readability, implicit world knowledge.
# Four features: share of numbers that are not "common" (0-12, or a multiple of 5), mean words per sentence / 20,
# mean syllables per word (vowel groups), count of implicit-quantity words / 3 (dozen, week, hour, minute, ...).
# Added to the nine features of the default head; everything else as the default. Fixed before looking; 5 seeds.
from seeds import *
import re
NUM=re.compile(r'\d+(?:[.,]\d+)*')
IMPLICIT=re.compile(r'\b(dozens?|weeks?|days?|hours?|minutes?|seconds?|months?|years?|pairs?|quarters?|dimes?|nickels?|pennies|cents?|feet|foot|inch(?:es)?|yards?|miles?|pounds?|ounces?|gallons?|quarts?|pints?|leap|weekdays?|weekends?)\b',re.I)
def common(x):
    try: v=float(x.replace(',',''))
    except ValueError: return False
    return v==int(v) and (v<=12 or v%5==0)
def rf(p):
    nums=NUM.findall(p); words=re.findall(r'[A-Za-z]+',p)
    sents=max(1,len(re.findall(r'[.!?](?:\s|$)',p)))
    syll=np.mean([max(1,len(re.findall(r'[aeiouy]+',w.lower()))) for w in words]) if words else 1
    return [1-np.mean([common(x) for x in nums]) if nums else 0, len(words)/sents/20, syll/2, len(IMPLICIT.findall(p))/3]
R=np.array([rf(p) for p in P]); FR=np.hstack([F,R])
if __name__=='__main__':
    m=src=='gsm8k'
    print('GSM8K AUC for "strong right, weak wrong" (diagnostic, all items):',
          [round(float(auc(R[m,j],(y[m]>0.5).astype(int))),3) for j in range(R.shape[1])])
    report5('default + 4 readability/number features',cv5(lambda tr,te: 0.5*knn(E[tr],y[tr],E[te])+0.5*lr_pred(lr_fit(FR[tr],y[tr],1e-3),FR[te])))
