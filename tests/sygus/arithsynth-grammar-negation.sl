; 2y - x with unary minus and + only
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int
  ((Start Int (x y 0 (- Start) (+ Start Start)))))

(declare-var x Int)
(declare-var y Int)

(constraint (= (f 1 1) 1))
(constraint (= (f 3 0) -3))
(constraint (= (f 0 4) 8))
(constraint (= (f -2 -2) -2))
(constraint (= (f 5 7) 9))

(check-synth)
