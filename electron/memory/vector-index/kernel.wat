;; Keel's vector-index kernels, WebAssembly SIMD (128-bit). Assembled with wabt by
;; scripts/build-wasm.ts into kernel-wasm.ts; a test checks that the committed bytes match this file.
;;
;; The memory is imported: each outcome segment of an index owns one memory, laid out as
;; [query: stride int8][rows: n × stride int8][scores: n × i32]. Rows and the query are padded with
;; zeros to `stride`, a multiple of 16 bytes, so every loop runs over whole 16-byte lanes.
(module
  (import "env" "memory" (memory 1))

  ;; Dot products of the int8 query with n int8 rows, as exact i32 sums written to `out`.
  ;; Values are in [-127, 127], so one lane product is at most 16129 and the sum of the low and high
  ;; products (32258) still fits an i16: two multiplies, one i16 add and one widening pairwise add
  ;; per 16 bytes. Four rows per step share each query load.
  (func (export "scan_i8") (param $query i32) (param $rows i32) (param $n i32) (param $stride i32)
        (param $out i32)
    (local $r i32) (local $c i32) (local $q v128) (local $v v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    ;; blocks of four rows
    (block $done4
      (loop $rows4
        (br_if $done4 (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $n)))
        (local.set $p0 (i32.add (local.get $rows) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (loop $lanes4
          (local.set $q (v128.load (i32.add (local.get $query) (local.get $c))))
          (local.set $v (v128.load (i32.add (local.get $p0) (local.get $c))))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.extadd_pairwise_i16x8_s
            (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q))
                       (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $v (v128.load (i32.add (local.get $p1) (local.get $c))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.extadd_pairwise_i16x8_s
            (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q))
                       (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $v (v128.load (i32.add (local.get $p2) (local.get $c))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.extadd_pairwise_i16x8_s
            (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q))
                       (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $v (v128.load (i32.add (local.get $p3) (local.get $c))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.extadd_pairwise_i16x8_s
            (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q))
                       (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $lanes4 (i32.lt_u (local.get $c) (local.get $stride))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (call $hsum (local.get $a0)))
        (i32.store (i32.add (local.get $out) (i32.shl (i32.add (local.get $r) (i32.const 1)) (i32.const 2)))
          (call $hsum (local.get $a1)))
        (i32.store (i32.add (local.get $out) (i32.shl (i32.add (local.get $r) (i32.const 2)) (i32.const 2)))
          (call $hsum (local.get $a2)))
        (i32.store (i32.add (local.get $out) (i32.shl (i32.add (local.get $r) (i32.const 3)) (i32.const 2)))
          (call $hsum (local.get $a3)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rows4)))
    ;; the last 0–3 rows, one at a time
    (block $done1
      (loop $rows1
        (br_if $done1 (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p0 (i32.add (local.get $rows) (i32.mul (local.get $r) (local.get $stride))))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (loop $lanes1
          (local.set $q (v128.load (i32.add (local.get $query) (local.get $c))))
          (local.set $v (v128.load (i32.add (local.get $p0) (local.get $c))))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.extadd_pairwise_i16x8_s
            (i16x8.add (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q))
                       (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $lanes1 (i32.lt_u (local.get $c) (local.get $stride))))
        (i32.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (call $hsum (local.get $a0)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows1))))

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
