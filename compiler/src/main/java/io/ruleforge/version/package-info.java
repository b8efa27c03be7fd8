/** Which ruleforge this is: shared underneath every stage. */
package io.ruleforge.version;
