; a v1 grammar with the literals -52..52 written as atoms
; authored for arithsynth (scripts/make_sygus.py)

(set-logic LIA)

(synth-fun f ((x0 Int) (x1 Int)) Int
  ((Start Int ((+ Start Start) (- Start Start) x0 x1 -52 -51 -50 -49 -48 -47 -46
        -45 -44 -43 -42 -41 -40 -39 -38 -37 -36 -35 -34 -33 -32 -31 -30
        -29 -28 -27 -26 -25 -24 -23 -22 -21 -20 -19 -18 -17 -16 -15 -14
        -13 -12 -11 -10 -9 -8 -7 -6 -5 -4 -3 -2 -1 0 1 2 3 4 5 6 7 8 9 10
        11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32
        33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52))))

(declare-var x0 Int)
(declare-var x1 Int)

(constraint (= (f 4 3) -30))
(constraint (= (f -6 2) -41))
(constraint (= (f 10 -8) -35))

(check-synth)
