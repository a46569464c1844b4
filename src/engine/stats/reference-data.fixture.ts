/**
 * Data copied from the reference packages' own tests, for this folder's tests.
 */

/**
 * `set.seed(123); rnorm(20)` in R, to 15 significant digits: the data of
 * tests/testthat/test-ptd_spc_standard.R and tests/testthat/test-ptd_spc.R in
 * nhs-r-community/NHSRplotthedots (v0.2.2, commit 050b07d). Its mean reproduces
 * the reference snapshot's 0.1416238, which checks the transcription; every value
 * was also re-derived to 15 significant digits with an independent re-implementation
 * of R's default generator (Mersenne-Twister seeded as set.seed does, Inversion
 * through qnorm).
 */
export const RNORM_123_20: readonly number[] = [
  -0.560475646552213, -0.23017748948328, 1.55870831414912, 0.070508391424576, 0.129287735160946,
  1.71506498688328, 0.460916205989202, -1.26506123460653, -0.686852851893526, -0.445661970099958,
  1.22408179743946, 0.359813827057364, 0.400771450594052, 0.11068271594512, -0.555841134754075,
  1.78691313680308, 0.497850478229239, -1.96661715662964, 0.701355901563686, -0.472791407727934,
];
