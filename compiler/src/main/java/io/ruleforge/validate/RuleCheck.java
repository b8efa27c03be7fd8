package io.ruleforge.validate;

/** One part of the rule schema (a table, a rule type's fields), checked on one document. */
interface RuleCheck {

    void check(SchemaAssertions fields);
}
