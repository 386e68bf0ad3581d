; the largest of four, with a max2 helper
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)
(define-fun max2 ((a Int) (b Int)) Int (ite (>= a b) a b))

(synth-fun f ((a Int) (b Int) (c Int) (d Int)) Int
  ((Start Int))
  ((Start Int (a b c d (max2 Start Start)))))

(constraint (= (f 1 2 3 4) 4))
(constraint (= (f 4 3 2 1) 4))
(constraint (= (f 2 9 1 5) 9))
(constraint (= (f (- 1) (- 2) (- 3) (- 4)) (- 1)))
(constraint (= (f 6 6 0 7) 7))

(check-synth)
