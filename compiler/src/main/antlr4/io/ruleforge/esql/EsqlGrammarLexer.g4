/*
 * The tokens of ES|QL as Elasticsearch 8.19 and 9.x read them. Written for ruleforge from Elasticsearch's ES|QL
 * reference; the lexical rules (what an identifier, an index pattern or a string is, where comments may stand) follow
 * Elasticsearch's lexer so that both accept and reject the same queries and report errors at the same token.
 *
 * Like Elasticsearch, the lexer has one mode per kind of command: after `FROM` index patterns are read (`logs-*` is
 * one token), after `KEEP`/`DROP`/`RENAME` name patterns (`host.*`), after every other command expressions. A `|`
 * leaves the mode. Keywords are case-insensitive; within expressions they are reserved (quote them with backticks).
 * Whatever the version, the same tokens are produced: 9.x-only syntax is refused by the AST builder, with a message
 * saying so, at the token where Elasticsearch 8.19 reports its error.
 *
 * Whitespace and comments are skipped, where Elasticsearch's lexer puts them on the hidden channel: the parser never
 * sees them either way, and a token stream without them spares the parser's prediction a scan past every one.
 */
lexer grammar EsqlGrammarLexer;

options { caseInsensitive = true; }

// ---------------------------------------------------------------- a command keyword is expected

FROM        : 'from'        -> pushMode(FROM_MODE);
ROW         : 'row'         -> pushMode(EXPRESSION_MODE);
WHERE       : 'where'       -> pushMode(EXPRESSION_MODE);
EVAL        : 'eval'        -> pushMode(EXPRESSION_MODE);
STATS       : 'stats'       -> pushMode(EXPRESSION_MODE);
INLINESTATS : 'inlinestats' -> pushMode(EXPRESSION_MODE);
INLINE      : 'inline'      -> pushMode(INLINE_MODE);
SORT        : 'sort'        -> pushMode(EXPRESSION_MODE);
LIMIT       : 'limit'       -> pushMode(EXPRESSION_MODE);
GROK        : 'grok'        -> pushMode(EXPRESSION_MODE);
DISSECT     : 'dissect'     -> pushMode(EXPRESSION_MODE);
KEEP        : 'keep'        -> pushMode(PROJECT_MODE);
DROP        : 'drop'        -> pushMode(PROJECT_MODE);
RENAME      : 'rename'      -> pushMode(RENAME_MODE);
MV_EXPAND   : 'mv_expand'   -> pushMode(MVEXPAND_MODE);
LOOKUP      : 'lookup'      -> pushMode(JOIN_MODE);
COMPLETION  : 'completion'  -> pushMode(EXPRESSION_MODE);

// any other word where a command belongs: the parser reports it (with "did you mean")
UNKNOWN_COMMAND : ~[ \r\n\t[\]/]+ -> pushMode(EXPRESSION_MODE);

LINE_COMMENT      : '//' ~[\r\n]* '\r'? '\n'? -> skip;
MULTILINE_COMMENT : '/*' (MULTILINE_COMMENT | .)*? '*/' -> skip;
WS                : [ \r\n\t]+ -> skip;

// ---------------------------------------------------------------- expressions (WHERE, EVAL, STATS, SORT …)
mode EXPRESSION_MODE;

PIPE : '|' -> popMode;

fragment DIGIT      : [0-9];
fragment LETTER     : [a-z];
fragment ID_CHAR    : LETTER | DIGIT | '_';
fragment ESCAPE     : '\\' [tnr"\\];
fragment BACKQUOTED : '`' (~'`' | '``')+ '`';

// "…" with escapes; """…""" raw, on one line, and may end in up to two more quotes
QUOTED_STRING
    : '"' (ESCAPE | ~[\r\n"\\])* '"'
    | '"""' (~[\r\n])*? '"""' '"'? '"'?
    ;

INTEGER_LITERAL : DIGIT+;

DECIMAL_LITERAL
    : DIGIT+ '.' DIGIT*
    | '.' DIGIT+
    | DIGIT+ ('.' DIGIT*)? EXPONENT
    | '.' DIGIT+ EXPONENT
    ;

fragment EXPONENT : 'e' [+-]? DIGIT+;

AND      : 'and';
ASC      : 'asc';
BY       : 'by';
DESC     : 'desc';
FALSE    : 'false';
FIRST    : 'first';
IN       : 'in';
IS       : 'is';
LAST     : 'last';
LIKE     : 'like';
NOT      : 'not';
NULL     : 'null';
NULLS    : 'nulls';
OR       : 'or';
RLIKE    : 'rlike';
TRUE     : 'true';
// COMPLETION … WITH { options } (9.x)
WITH     : 'with';
// reserved in expressions as in Elasticsearch 8.19 (LOOKUP JOIN … ON), so `a.on` fails there as it does there
EXPR_ON  : 'on' -> type(ON);
// STATS … WHERE filters an aggregate
NESTED_WHERE : 'where' -> type(WHERE);

ASSIGN   : '=';
CAST_OP  : '::';
COLON    : ':';
COMMA    : ',';
DOT      : '.';
EQ       : '==';
// a token of its own so that `a =~ b` fails at `=~`, as in Elasticsearch, not at `~`
CIEQ     : '=~';
NEQ      : '!=';
LT       : '<';
LTE      : '<=';
GT       : '>';
GTE      : '>=';
PLUS     : '+';
MINUS    : '-';
ASTERISK : '*';
SLASH    : '/';
PERCENT  : '%';
LP       : '(';
RP       : ')';
OPENING_BRACKET : '[';
CLOSING_BRACKET : ']';
LEFT_BRACES     : '{';
RIGHT_BRACES    : '}';

PARAM : '?';
NAMED_OR_POSITIONAL_PARAM
    : '?' (LETTER | '_') ID_CHAR*
    | '?' DIGIT+
    ;

// `@timestamp`, `_id`: a leading @ or _ needs at least one more character
UNQUOTED_IDENTIFIER
    : LETTER ID_CHAR*
    | ('_' | '@') ID_CHAR+
    ;

QUOTED_IDENTIFIER : BACKQUOTED;

EXPR_LINE_COMMENT      : LINE_COMMENT -> skip;
EXPR_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
EXPR_WS                : WS -> skip;

// ---------------------------------------------------------------- FROM index patterns [METADATA fields]
mode FROM_MODE;

FROM_PIPE  : '|' -> type(PIPE), popMode;
FROM_COMMA : ',' -> type(COMMA);
FROM_COLON : ':' -> type(COLON);
METADATA   : 'metadata';

// an index name or pattern: anything up to a separator; a single / is allowed (date math), // and /* start comments
UNQUOTED_SOURCE : (~[:"=|,[\]/() \t\r\n] | '/' ~[*/])+;

FROM_QUOTED_STRING     : QUOTED_STRING -> type(QUOTED_STRING);
FROM_LINE_COMMENT      : LINE_COMMENT -> skip;
FROM_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
FROM_WS                : WS -> skip;

// ---------------------------------------------------------------- KEEP, DROP: name patterns
mode PROJECT_MODE;

PROJECT_PIPE  : '|' -> type(PIPE), popMode;
PROJECT_DOT   : '.' -> type(DOT);
PROJECT_COMMA : ',' -> type(COMMA);

fragment PATTERN_CHAR : LETTER | DIGIT | '_' | '*';

ID_PATTERN
    : ((LETTER | '*') PATTERN_CHAR* | ('_' | '@') PATTERN_CHAR+ | BACKQUOTED)+
    ;

PROJECT_LINE_COMMENT      : LINE_COMMENT -> skip;
PROJECT_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
PROJECT_WS                : WS -> skip;

// ---------------------------------------------------------------- RENAME old AS new, new = old (9.x)
mode RENAME_MODE;

RENAME_PIPE       : '|' -> type(PIPE), popMode;
RENAME_ASSIGN     : '=' -> type(ASSIGN);
RENAME_COMMA      : ',' -> type(COMMA);
RENAME_DOT        : '.' -> type(DOT);
AS                : 'as';
RENAME_ID_PATTERN : ((LETTER | '*') PATTERN_CHAR* | ('_' | '@') PATTERN_CHAR+ | BACKQUOTED)+ -> type(ID_PATTERN);

RENAME_LINE_COMMENT      : LINE_COMMENT -> skip;
RENAME_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
RENAME_WS                : WS -> skip;

// ---------------------------------------------------------------- MV_EXPAND column
mode MVEXPAND_MODE;

MVEXPAND_PIPE              : '|' -> type(PIPE), popMode;
MVEXPAND_DOT               : '.' -> type(DOT);
MVEXPAND_QUOTED_IDENTIFIER : BACKQUOTED -> type(QUOTED_IDENTIFIER);
MVEXPAND_IDENTIFIER        : (LETTER ID_CHAR* | ('_' | '@') ID_CHAR+) -> type(UNQUOTED_IDENTIFIER);

MVEXPAND_LINE_COMMENT      : LINE_COMMENT -> skip;
MVEXPAND_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
MVEXPAND_WS                : WS -> skip;

// ---------------------------------------------------------------- INLINE STATS (9.x)
mode INLINE_MODE;

INLINE_STATS : 'stats' -> type(STATS), popMode, pushMode(EXPRESSION_MODE);

INLINE_LINE_COMMENT      : LINE_COMMENT -> skip;
INLINE_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
INLINE_WS                : WS -> skip;

// ---------------------------------------------------------------- LOOKUP JOIN index ON fields
mode JOIN_MODE;

JOIN_PIPE  : '|' -> type(PIPE), popMode;
JOIN       : 'join';
JOIN_COLON : ':' -> type(COLON);
// the join fields are read as expressions, like Elasticsearch does
ON         : 'on' -> popMode, pushMode(EXPRESSION_MODE);
JOIN_UNQUOTED_SOURCE : (~[:"=|,[\]/() \t\r\n] | '/' ~[*/])+ -> type(UNQUOTED_SOURCE);
JOIN_QUOTED_STRING   : QUOTED_STRING -> type(QUOTED_STRING);

JOIN_LINE_COMMENT      : LINE_COMMENT -> skip;
JOIN_MULTILINE_COMMENT : MULTILINE_COMMENT -> skip;
JOIN_WS                : WS -> skip;
