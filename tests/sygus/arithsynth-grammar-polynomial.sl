; x squared minus x
; authored for arithsynth (scripts/make_sygus.py)

(set-logic NIA)

(synth-fun f ((x Int)) Int
  ((Start Int))
  ((Start Int (x 0 1 (+ Start Start) (- Start Start) (* Start Start)))))

(constraint (= (f 0) 0))
(constraint (= (f 1) 0))
(constraint (= (f 2) 2))
(constraint (= (f 3) 6))
(constraint (= (f (- 2)) 6))
(constraint (= (f 7) 42))

(check-synth)
