; 7x + 3 with digit coefficients
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int)) Int
  ((Start Int) (C Int))
  ((Start Int (x (+ Start Start) (* C Start) C))
   (C Int (0 1 2 3 4 5 6 7 8 9))))

(constraint (= (f 0) 3))
(constraint (= (f 1) 10))
(constraint (= (f 2) 17))
(constraint (= (f 5) 38))
(constraint (= (f (- 3)) (- 18)))

(check-synth)
