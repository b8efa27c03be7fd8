/*
 * EQL as Elasticsearch 8.x/9.x parses it (EQL_SPEC §1). Written from the spec, not from Elasticsearch's or the
 * Python eql library's grammar.
 *
 * The grammar is deliberately a little wider than the language where that lets EqlAstBuilder report a precise
 * reason instead of ANTLR's generic "mismatched input": `=` as a comparison, chained comparisons, single-quoted
 * and ?"…" strings, `with maxspan` before `by`, any pipe name and argument, `join`. The builder rejects all of
 * them with a positioned message. Escapes inside strings are checked by the builder for the same reason.
 *
 * Parsed without a parse tree (EqlSyntax): the builder reads every child it needs from a label (a field the parser
 * sets) or from a rule's first token, so the labels are part of the contract with EqlAstBuilder.
 */
grammar EqlGrammar;

// ---------------------------------------------------------------- parser

statement      : body=query pipes+=pipe* EOF ;

query          : seq=sequence
               | smp=sample
               | legacyJoin=join
               | single=eventQuery
               ;

sequence       : SEQUENCE header=sequenceHeader? terms+=sequenceTerm terms+=sequenceTerm* (UNTIL until=sequenceTerm)? ;

/* both orders are accepted so that `with maxspan` before `by` gets its own message */
sequenceHeader : by=byClause maxspan=maxspanClause?
               | maxspan=maxspanClause by=byClause?
               ;

maxspanClause  : WITH MAXSPAN ASSIGN amount=number unit=IDENTIFIER? ;

sequenceTerm   : open=(LBRACKET | MISSING_LBRACKET) event=eventQuery RBRACKET by=byClause? runs=runsClause? ;

runsClause     : WITH RUNS ASSIGN count=number ;

sample         : SAMPLE by=byClause? terms+=sampleTerm+ ;

sampleTerm     : LBRACKET event=eventQuery RBRACKET by=byClause? ;

/* legacy syntax; parsed only to be rejected with a clear message */
join           : JOIN byClause? sequenceTerm+ (UNTIL sequenceTerm)? ;

byClause       : BY keys+=expression (COMMA keys+=expression)* ;

eventQuery     : eventCategory=category WHERE condition=expression ;

category       : ANY
               | IDENTIFIER
               | string
               ;

pipe           : PIPE name=IDENTIFIER (args+=expression (COMMA args+=expression)*)? ;

/*
 * Precedence, loosest first: or, and, not, comparison, + -, * / %, unary + -. No left-recursive precedence rules:
 * every decision here is a one-token test (ANTLR's precedence rules made an adaptive prediction with precedence
 * predicates for every operator and operand), and a syntax error is found at the same token with the same expected set.
 * `and` with `or`, and the four arithmetic operators, each share one loop, and EqlAstBuilder groups the loop's operands
 * by precedence (and before or, * / % before + -; each to the left): a rule per precedence level cost a parser context
 * per level for every operand, most of which (the values of an `in` list) have no operator at all. `not` and the
 * signs recurse, so that they stay in the expected set where an operand starts.
 */
expression     : operands+=notExpression (ops+=(AND | OR) operands+=notExpression)* ;

/* a comparison has exactly one operator; more are accepted here to be reported as chaining */
notExpression  : NOT operand=notExpression
               | left=operatorExpression (ops+=(EQ | NEQ | LT | LTE | GT | GTE | ASSIGN) rights+=operatorExpression)*
               ;

operatorExpression
               : operands+=unaryExpression (ops+=(PLUS | MINUS | ASTERISK | SLASH | PERCENT) operands+=unaryExpression)* ;

/*
 * The signs bind tighter than any binary operator, and an operand's in / : / like / regex test tighter still:
 * `-a * b` is (-a) * b, `-a in (1)` is -(a in (1)). The operand itself is written out here, not a rule of its own:
 * one parser context less for every operand (EqlAstBuilder tells the alternatives apart by their labels).
 */
unaryExpression: op=(MINUS | PLUS) operand=unaryExpression
               | value=constant pred=predicate?
               | function=IDENTIFIER insensitive=TILDE? LPAREN (args+=expression (COMMA args+=expression)*)? close=RPAREN
                     pred=predicate?
               | optional=QUESTION? parts+=(IDENTIFIER | QUOTED_IDENTIFIER) (DOT parts+=(IDENTIFIER | QUOTED_IDENTIFIER))*
                     pred=predicate?
               | LPAREN inner=expression RPAREN pred=predicate?
               ;

predicate      : negated=NOT? kind=(IN | IN_INSENSITIVE) LPAREN values+=expression (COMMA values+=expression)* RPAREN
               | kind=(COLON | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE) pattern=constant
               | kind=(COLON | LIKE | LIKE_INSENSITIVE | REGEX | REGEX_INSENSITIVE)
                     LPAREN patterns+=constant (COMMA patterns+=constant)* RPAREN
               ;

/* one token, so that a literal costs one parser context */
constant       : value=(NULL | TRUE | FALSE | INTEGER_VALUE | DECIMAL_VALUE
                        | STRING | RAW_STRING | SINGLE_QUOTED_STRING | OPTIONAL_QUOTED_STRING) ;

number         : INTEGER_VALUE | DECIMAL_VALUE ;

string         : STRING | RAW_STRING | SINGLE_QUOTED_STRING | OPTIONAL_QUOTED_STRING ;

// ---------------------------------------------------------------- lexer

AND            : 'and' ;
ANY            : 'any' ;
BY             : 'by' ;
FALSE          : 'false' ;
IN             : 'in' ;
IN_INSENSITIVE : 'in~' ;
JOIN           : 'join' ;
LIKE           : 'like' ;
LIKE_INSENSITIVE : 'like~' ;
MAXSPAN        : 'maxspan' ;
NOT            : 'not' ;
NULL           : 'null' ;
OF             : 'of' ;
OR             : 'or' ;
REGEX          : 'regex' ;
REGEX_INSENSITIVE : 'regex~' ;
RUNS           : 'runs' ;
SAMPLE         : 'sample' ;
SEQUENCE       : 'sequence' ;
TRUE           : 'true' ;
UNTIL          : 'until' ;
WHERE          : 'where' ;
WITH           : 'with' ;

EQ             : '==' ;
NEQ            : '!=' ;
LTE            : '<=' ;
LT             : '<' ;
GTE            : '>=' ;
GT             : '>' ;
ASSIGN         : '=' ;
COLON          : ':' ;
PLUS           : '+' ;
MINUS          : '-' ;
ASTERISK       : '*' ;
SLASH          : '/' ;
PERCENT        : '%' ;
DOT            : '.' ;
COMMA          : ',' ;
MISSING_LBRACKET : '![' ;
LBRACKET       : '[' ;
RBRACKET       : ']' ;
LPAREN         : '(' ;
RPAREN         : ')' ;
PIPE           : '|' ;
TILDE          : '~' ;
QUESTION       : '?' ;

/* """…""": raw (no escapes), single line; listed before STRING, and longest match makes `"""a"""` one token */
RAW_STRING     : '"""' ~[\r\n]*? '"""' ;
/* escapes are validated by the AST builder so that an unknown one gets a precise message */
STRING         : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;
/* lexed only to be rejected with a message naming the supported forms */
SINGLE_QUOTED_STRING   : '\'' ( '\\' ~[\r\n] | ~['\\\r\n] )* '\'' ;
OPTIONAL_QUOTED_STRING : '?' ( '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' | '\'' ( '\\' ~[\r\n] | ~['\\\r\n] )* '\'' ) ;

INTEGER_VALUE  : DIGIT+ ;
DECIMAL_VALUE  : DIGIT+ '.' DIGIT* EXPONENT?
               | '.' DIGIT+ EXPONENT?
               | DIGIT+ EXPONENT
               ;

IDENTIFIER     : [A-Za-z_@] [A-Za-z0-9_]* ;
/* a literal backtick inside is doubled */
QUOTED_IDENTIFIER : '`' ( ~'`' | '``' )* '`' ;

LINE_COMMENT   : '//' ~[\r\n]* -> skip ;
/* nestable, as in Elasticsearch's lexer */
BLOCK_COMMENT  : '/*' ( BLOCK_COMMENT | . )*? '*/' -> skip ;
WS             : [ \t\r\n\f]+ -> skip ;

/* every other character becomes a token so that the parser, not the lexer, reports it with a position */
UNRECOGNIZED   : . ;

fragment DIGIT    : [0-9] ;
fragment EXPONENT : [eE] [+-]? DIGIT+ ;
