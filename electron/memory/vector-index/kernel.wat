;; Keel's vector-index kernels, WebAssembly SIMD (128-bit). Assembled with wabt by
;; scripts/build-wasm.ts into kernel-wasm.ts; a test checks that the committed bytes match this file.
;;
;; The memory is imported: each outcome segment of an index owns one memory (layout in kernels.ts).
;; A row is `stride` bytes: its int8 values zero-padded to a multiple of 32, so every loop runs
;; over whole lanes. Per-row numbers are columns: f32 scale, f32 ‖s·x̂‖, f32 ‖r‖, f64 expiry.
(module
  (import "env" "memory" (memory 1))

  ;; Dot products of the query with n int8 rows, as exact i32 sums written to `out`. The query
  ;; comes sign-extended to i16 (2·stride bytes, written once per search); each 16 row bytes are
  ;; two v128.load8x8_s (load and widen in one instruction) and two i32x4.dot_i16x8_s (pmaddwd)
  ;; against the query. Values are in [-127, 127]: a dot lane is at most 2·16129, and a row's sum
  ;; stays far inside i32. `stride` is a multiple of 32: 32 row bytes per step.
  ;;
  ;; One row at a time, front to back, measured fastest once the rows no longer fit the cache:
  ;; blocks of several rows (sharing query loads) won from L3 but lost ~30% from memory at 100k
  ;; rows, and wider steps spilled the query registers.
  (func (export "scan_i8") (param $query i32) (param $rows i32) (param $n i32) (param $stride i32)
        (param $out i32)
    (local $r i32) (local $p i32) (local $end i32) (local $qp i32) (local $a v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p (i32.add (local.get $rows) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $end (i32.add (local.get $p) (local.get $stride)))
        (local.set $qp (local.get $query))
        (local.set $a (v128.const i32x4 0 0 0 0))
        (loop $lanes
          (local.set $a (i32x4.add (local.get $a) (i32x4.add
            (i32x4.add
              (i32x4.dot_i16x8_s (v128.load8x8_s (local.get $p)) (v128.load (local.get $qp)))
              (i32x4.dot_i16x8_s (v128.load8x8_s offset=8 (local.get $p))
                                 (v128.load offset=16 (local.get $qp))))
            (i32x4.add
              (i32x4.dot_i16x8_s (v128.load8x8_s offset=16 (local.get $p))
                                 (v128.load offset=32 (local.get $qp)))
              (i32x4.dot_i16x8_s (v128.load8x8_s offset=24 (local.get $p))
                                 (v128.load offset=48 (local.get $qp)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 32)))
          (local.set $qp (i32.add (local.get $qp) (i32.const 64)))
          (br_if $lanes (i32.lt_u (local.get $p) (local.get $end))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (call $hsum (local.get $a)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; Candidate selection after scan_i8 (see vector-index.ts): for each live row, its score interval
  ;; approx ± bound with approx = scale·t·dot and bound = ‖s·x̂‖·‖u‖ + ‖r‖·‖q‖ + 1e-9; rows whose upper
  ;; bound reaches the running floor (max of floor0 and the k-th largest lower bound so far, kept in
  ;; a min-heap of k f64 at $heap, its size as i32 at $heap − 8) are written out (index, upper).
  ;; Returns how many. The JavaScript fallback does the same operations in the same order.
  (func (export "select") (param $scale i32) (param $qnorm i32) (param $rnorm i32) (param $expiry i32)
        (param $n i32) (param $dots i32) (param $st f64) (param $un f64) (param $qn f64) (param $now f64)
        (param $floor0 f64) (param $heap i32) (param $k i32) (param $outIdx i32)
        (param $outUpper i32) (result i32)
    (local $i i32) (local $p i32) (local $count i32) (local $hn i32)
    (local $approx f64) (local $bound f64) (local $upper f64) (local $floor f64)
    (local.set $hn (i32.load (i32.sub (local.get $heap) (i32.const 8))))
    (local.set $floor (call $floorOf (local.get $floor0) (local.get $heap) (local.get $hn) (local.get $k)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $p (i32.shl (local.get $i) (i32.const 2)))
        (if (f64.gt (f64.load (i32.add (local.get $expiry) (i32.shl (local.get $i) (i32.const 3))))
                    (local.get $now))
          (then
            (local.set $approx
              (f64.mul (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $scale) (local.get $p))))
                                (local.get $st))
                       (f64.convert_i32_s (i32.load (i32.add (local.get $dots) (local.get $p))))))
            (local.set $bound
              (f64.add
                (f64.add
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $qnorm) (local.get $p))))
                           (local.get $un))
                  (f64.mul (f64.promote_f32 (f32.load (i32.add (local.get $rnorm) (local.get $p))))
                           (local.get $qn)))
                (f64.const 1e-9)))
            (local.set $upper (f64.add (local.get $approx) (local.get $bound)))
            (if (f64.ge (local.get $upper) (local.get $floor))
              (then
                (i32.store (i32.add (local.get $outIdx) (i32.shl (local.get $count) (i32.const 2)))
                  (local.get $i))
                (f64.store (i32.add (local.get $outUpper) (i32.shl (local.get $count) (i32.const 3)))
                  (local.get $upper))
                (local.set $count (i32.add (local.get $count) (i32.const 1)))
                (local.set $hn (call $heapPush (local.get $heap) (local.get $hn) (local.get $k)
                  (f64.sub (local.get $approx) (local.get $bound))))
                (local.set $floor (call $floorOf (local.get $floor0) (local.get $heap) (local.get $hn)
                  (local.get $k)))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))
    (i32.store (i32.sub (local.get $heap) (i32.const 8)) (local.get $hn))
    (local.get $count))

  (func $floorOf (param $floor0 f64) (param $heap i32) (param $hn i32) (param $k i32) (result f64)
    (if (result f64) (i32.lt_u (local.get $hn) (local.get $k))
      (then (local.get $floor0))
      (else (f64.max (local.get $floor0) (f64.load (local.get $heap))))))

  ;; Pushes x into the min-heap of the k largest values; returns the new size.
  (func $heapPush (param $heap i32) (param $hn i32) (param $k i32) (param $x f64) (result i32)
    (local $i i32) (local $parent i32) (local $l i32) (local $r i32) (local $c i32)
    (if (i32.lt_u (local.get $hn) (local.get $k))
      (then
        (local.set $i (local.get $hn))
        (block $placed
          (loop $up
            (br_if $placed (i32.eqz (local.get $i)))
            (local.set $parent (i32.shr_u (i32.sub (local.get $i) (i32.const 1)) (i32.const 1)))
            (br_if $placed (f64.le (call $at (local.get $heap) (local.get $parent)) (local.get $x)))
            (call $put (local.get $heap) (local.get $i) (call $at (local.get $heap) (local.get $parent)))
            (local.set $i (local.get $parent))
            (br $up)))
        (call $put (local.get $heap) (local.get $i) (local.get $x))
        (return (i32.add (local.get $hn) (i32.const 1)))))
    (if (f64.le (local.get $x) (f64.load (local.get $heap))) (then (return (local.get $hn))))
    (block $placed
      (loop $down
        (local.set $l (i32.add (i32.shl (local.get $i) (i32.const 1)) (i32.const 1)))
        (br_if $placed (i32.ge_u (local.get $l) (local.get $k)))
        (local.set $r (i32.add (local.get $l) (i32.const 1)))
        (local.set $c (local.get $l))
        (if (i32.lt_u (local.get $r) (local.get $k))
          (then (if (f64.lt (call $at (local.get $heap) (local.get $r)) (call $at (local.get $heap) (local.get $l)))
            (then (local.set $c (local.get $r))))))
        (br_if $placed (f64.ge (call $at (local.get $heap) (local.get $c)) (local.get $x)))
        (call $put (local.get $heap) (local.get $i) (call $at (local.get $heap) (local.get $c)))
        (local.set $i (local.get $c))
        (br $down)))
    (call $put (local.get $heap) (local.get $i) (local.get $x))
    (local.get $hn))

  (func $at (param $heap i32) (param $i i32) (result f64)
    (f64.load (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 3)))))
  (func $put (param $heap i32) (param $i i32) (param $x f64)
    (f64.store (i32.add (local.get $heap) (i32.shl (local.get $i) (i32.const 3))) (local.get $x)))

  (func $hsum (param $a v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $a)) (i32x4.extract_lane 1 (local.get $a)))
      (i32.add (i32x4.extract_lane 2 (local.get $a)) (i32x4.extract_lane 3 (local.get $a)))))

  ;; Exact float32 scan (the benchmark's strongest in-process baseline): out[i] = rows[i] · query in
  ;; f32x4 lanes with four accumulators; dim must be a multiple of 16.
  (func (export "scan_f32") (param $query i32) (param $rows i32) (param $n i32) (param $dim i32)
        (param $out i32)
    (local $r i32) (local $c i32) (local $p i32) (local $bytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p (i32.add (local.get $rows) (i32.mul (local.get $r) (local.get $bytes))))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (loop $lanes
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
            (v128.load (i32.add (local.get $p) (local.get $c)))
            (v128.load (i32.add (local.get $query) (local.get $c))))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul
            (v128.load offset=16 (i32.add (local.get $p) (local.get $c)))
            (v128.load offset=16 (i32.add (local.get $query) (local.get $c))))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul
            (v128.load offset=32 (i32.add (local.get $p) (local.get $c)))
            (v128.load offset=32 (i32.add (local.get $query) (local.get $c))))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul
            (v128.load offset=48 (i32.add (local.get $p) (local.get $c)))
            (v128.load offset=48 (i32.add (local.get $query) (local.get $c))))))
          (local.set $c (i32.add (local.get $c) (i32.const 64)))
          (br_if $lanes (i32.lt_u (local.get $c) (local.get $bytes))))
        (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                  (f32x4.add (local.get $a2) (local.get $a3))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; Streaming read of `bytes` bytes (a multiple of 64) from `ptr`, 64 bytes per step into four
  ;; accumulators: the machine's read bandwidth, with no arithmetic to speak of. The sum is
  ;; returned so the loads cannot be dropped.
  (func (export "read_sum") (param $ptr i32) (param $bytes i32) (result i32)
    (local $end i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $end (i32.add (local.get $ptr) (local.get $bytes)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $a0 (i32x4.add (local.get $a0) (v128.load (local.get $ptr))))
        (local.set $a1 (i32x4.add (local.get $a1) (v128.load offset=16 (local.get $ptr))))
        (local.set $a2 (i32x4.add (local.get $a2) (v128.load offset=32 (local.get $ptr))))
        (local.set $a3 (i32x4.add (local.get $a3) (v128.load offset=48 (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
        (br $step)))
    (call $hsum (i32x4.add (i32x4.add (local.get $a0) (local.get $a1))
                           (i32x4.add (local.get $a2) (local.get $a3)))))
)
