; 2x + 3y from + and - only
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int
  ((Start Int (x y 0 1 (+ Start Start) (- Start Start)))))

(declare-var x Int)
(declare-var y Int)

(constraint (= (f 1 1) 5))
(constraint (= (f 2 0) 4))
(constraint (= (f 0 2) 6))
(constraint (= (f -1 3) 7))
(constraint (= (f 4 -2) 2))

(check-synth)
