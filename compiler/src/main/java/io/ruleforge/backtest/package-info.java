/**
 * Backtest: each rule's own search run read-only on the team's cluster over a time range (the DSL with the time
 * range the detection engine adds, EQL through {@code _eql/search}, ES|QL through {@code _query}, threshold and
 * new_terms through the executors' aggregations), with per-rule counts and a histogram, in {@code backtest.md} and
 * {@code backtest.json}. It sits beside {@code replay}, whose report it mirrors and whose sparkline it shares.
 */
package io.ruleforge.backtest;
