/*
 * ES|QL as Elasticsearch 8.19 and 9.x parse it: a source command, then processing commands separated by `|`.
 * Written for ruleforge; the rule structure (where NOT, IN, LIKE, IS NULL and comparisons sit) follows Elasticsearch's
 * so that syntax errors are found at the same token. Compared with Elasticsearch's parser as oracle in the tests.
 *
 * The grammar accepts the union of both versions; EsqlAstBuilder refuses what the selected version does not have
 * (INLINE STATS, FIRST/LAST as function names, RENAME new = old …) and checks what Elasticsearch checks while
 * building its plan (LIMIT needs an integer, DISSECT options, JOIN ON fields …).
 */
parser grammar EsqlGrammar;

options { tokenVocab = EsqlGrammarLexer; }

@members {
    /** Whether ES|QL 9.x syntax is accepted; off, its constructs fail where Elasticsearch 8.19 fails. */
    public boolean esql9 = true;
}

statement : sourceCommand (PIPE processingCommand)* EOF ;

sourceCommand
    : fromCommand
    | rowCommand
    ;

processingCommand
    : whereCommand
    | evalCommand
    | statsCommand
    | {esql9}? inlineStatsCommand
    | keepCommand
    | dropCommand
    | renameCommand
    | sortCommand
    | limitCommand
    | mvExpandCommand
    | grokCommand
    | dissectCommand
    | lookupJoinCommand
    | {esql9}? completionCommand
    ;

// ---------------------------------------------------------------- commands

fromCommand  : FROM indexPattern (COMMA indexPattern)* metadata? ;
indexPattern : (cluster=UNQUOTED_SOURCE COLON)? index=indexName ;
indexName    : UNQUOTED_SOURCE | QUOTED_STRING ;
metadata     : METADATA UNQUOTED_SOURCE (COMMA UNQUOTED_SOURCE)* ;

rowCommand   : ROW fields ;
whereCommand : WHERE booleanExpression ;
evalCommand  : EVAL fields ;

statsCommand       : STATS aggregates? (BY grouping=fields)? ;
inlineStatsCommand : (INLINE STATS | INLINESTATS) aggregates? (BY grouping=fields)? ;
aggregates         : aggregate (COMMA aggregate)* ;
aggregate          : field (WHERE filter=booleanExpression)? ;

fields : field (COMMA field)* ;
field  : (qualifiedName ASSIGN)? booleanExpression ;

keepCommand   : KEEP namePatterns ;
dropCommand   : DROP namePatterns ;
namePatterns  : namePattern (COMMA namePattern)* ;
namePattern   : ID_PATTERN (DOT ID_PATTERN)* ;

renameCommand : RENAME renameClause (COMMA renameClause)* ;
renameClause
    : oldName=namePattern AS newName=namePattern        #renameAs
    | newName=namePattern ASSIGN oldName=namePattern    #renameAssign
    ;

sortCommand     : SORT orderExpression (COMMA orderExpression)* ;
orderExpression : booleanExpression ordering=(ASC | DESC)? (NULLS nullOrdering=(FIRST | LAST))? ;

limitCommand    : LIMIT constant ;
mvExpandCommand : MV_EXPAND qualifiedName ;

grokCommand     : GROK primaryExpression string ;
dissectCommand  : DISSECT primaryExpression string commandOptions? ;
commandOptions  : commandOption (COMMA commandOption)* ;
commandOption   : identifier ASSIGN constant ;

// COMPLETION [target =] prompt WITH { "inference_id": "…" } (9.x): asks an LLM, one answer per row
completionCommand : COMPLETION (target=qualifiedName ASSIGN)? prompt=primaryExpression WITH mapExpression ;

lookupJoinCommand : LOOKUP JOIN indexPattern ON joinField (COMMA joinField)* ;
joinField         : valueExpression ;

// ---------------------------------------------------------------- expressions, loosest first

booleanExpression
    : NOT booleanExpression                                                     #logicalNot
    | valueExpression                                                           #booleanDefault
    | regexBooleanExpression                                                    #regexExpression
    | left=booleanExpression operator=AND right=booleanExpression               #logicalBinary
    | left=booleanExpression operator=OR right=booleanExpression                #logicalBinary
    | valueExpression NOT? IN LP valueExpression (COMMA valueExpression)* RP    #logicalIn
    | valueExpression IS NOT? NULL                                              #isNull
    | matchBooleanExpression                                                    #matchExpression
    ;

regexBooleanExpression
    : valueExpression NOT? kind=(LIKE | RLIKE) string                             #singlePattern
    | valueExpression NOT? kind=(LIKE | RLIKE) LP string (COMMA string)* RP       #patternList
    ;

// `field : "query"` (full-text match)
matchBooleanExpression : qualifiedName (CAST_OP dataType)? COLON constant ;

valueExpression
    : operatorExpression                                                #valueExpressionDefault
    | left=operatorExpression comparisonOperator right=operatorExpression  #comparison
    ;

operatorExpression
    : primaryExpression                                                                         #operatorExpressionDefault
    | operator=(MINUS | PLUS) operatorExpression                                                #arithmeticUnary
    | left=operatorExpression operator=(ASTERISK | SLASH | PERCENT) right=operatorExpression    #arithmeticBinary
    | left=operatorExpression operator=(PLUS | MINUS) right=operatorExpression                  #arithmeticBinary
    ;

primaryExpression
    : constant                                  #constantDefault
    | qualifiedName                             #dereference
    | functionExpression                        #function
    | LP booleanExpression RP                   #parenthesizedExpression
    | primaryExpression CAST_OP dataType        #inlineCast
    ;

functionExpression
    : functionName LP (ASTERISK | booleanExpression (COMMA booleanExpression)* (COMMA mapExpression)?)? RP
    ;

// FIRST and LAST are keywords (NULLS FIRST) but also aggregate functions in 9.x
functionName : identifier | {esql9}? (FIRST | LAST) ;

mapExpression : LEFT_BRACES (mapEntry (COMMA mapEntry)*)? RIGHT_BRACES ;
mapEntry      : key=string COLON value=constant ;

dataType : identifier ;

constant
    : NULL                                                                  #nullLiteral
    | integerValue UNQUOTED_IDENTIFIER                                      #qualifiedIntegerLiteral
    | decimalValue                                                          #decimalLiteral
    | integerValue                                                          #integerLiteral
    | booleanValue                                                          #booleanLiteral
    | parameter                                                             #inputParameter
    | string                                                                #stringLiteral
    | OPENING_BRACKET numericValue (COMMA numericValue)* CLOSING_BRACKET    #numericArrayLiteral
    | OPENING_BRACKET booleanValue (COMMA booleanValue)* CLOSING_BRACKET    #booleanArrayLiteral
    | OPENING_BRACKET string (COMMA string)* CLOSING_BRACKET                #stringArrayLiteral
    ;

parameter
    : PARAM
    | NAMED_OR_POSITIONAL_PARAM
    ;

qualifiedName : identifier (DOT identifier)* ;
identifier    : UNQUOTED_IDENTIFIER | QUOTED_IDENTIFIER ;

booleanValue  : TRUE | FALSE ;
numericValue  : decimalValue | integerValue ;
decimalValue  : (PLUS | MINUS)? DECIMAL_LITERAL ;
integerValue  : (PLUS | MINUS)? INTEGER_LITERAL ;
string        : QUOTED_STRING ;

comparisonOperator : EQ | NEQ | LT | LTE | GT | GTE ;
