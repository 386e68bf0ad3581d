; x + y z
; authored for arithsynth (scripts/make_sygus.py)

(set-logic NIA)

(synth-fun f ((x Int) (y Int) (z Int)) Int
  ((Start Int))
  ((Start Int (x y z 0 1 (+ Start Start) (* Start Start)))))

(constraint (= (f 1 2 3) 7))
(constraint (= (f 0 4 5) 20))
(constraint (= (f 3 0 7) 3))
(constraint (= (f 2 2 2) 6))
(constraint (= (f (- 1) 3 (- 3)) (- 10)))

(check-synth)
