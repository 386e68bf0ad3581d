; a layered grammar (Start, T, V) bounding depth
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x Int) (y Int)) Int
  ((Start Int ((+ T T) (- T T) T))
   (T Int (x y 0 1 2 (+ V V)))
   (V Int (x y 1))))

(declare-var x Int)
(declare-var y Int)

(constraint (= (f 0 0) -1))
(constraint (= (f 5 2) 4))
(constraint (= (f 3 9) 2))
(constraint (= (f -4 1) -5))
(constraint (= (f 10 10) 9))

(check-synth)
