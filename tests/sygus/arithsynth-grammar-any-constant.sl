; x plus a constant not in the grammar
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int) (C Int))
  ((Start Int ((+ x C) x))
   (C Int ((Constant Int)))))

(constraint (= (f 0) 1234))
(constraint (= (f 1) 1235))
(constraint (= (f (- 5)) 1229))
(constraint (= (f 100) 1334))

(check-synth)
