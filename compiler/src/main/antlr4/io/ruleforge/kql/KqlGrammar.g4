/*
 * KQL ("kuery") as Kibana 7.13+ / 8.x parses it (KQL_SPEC §2-§3). Written from the spec, not from Kibana's grammar.
 *
 * Kibana's grammar is a PEG whose keywords are decided by look-ahead on whitespace. The lexer below reproduces that
 * with longest-match tokens:
 *   - OR_KW / AND_KW include the whitespace on both sides, so `a or b` is a keyword but `a or` (end of input),
 *     `a or(` and `x:oregon` are not and their letters stay term text;
 *   - NOT_KW is `not` followed by whitespace; it only wins where a token starts, so `cannot be` stays one term;
 *     the parser accepts it as a keyword only at operand start and as plain text inside a term;
 *   - after `(`, `{`, `:`, a range operator and at the start of input the PEG has already eaten the whitespace,
 *     so `( or a:1)` has the field `or a`: the action keywordOrLeadingWhitespace() turns OR_KW/AND_KW back into whitespace there.
 * Terms keep interior whitespace (trimmed later); their tokens are reassembled by KqlAstBuilder.
 */
grammar KqlGrammar;

@lexer::members {
    /** Type of the last token handed to the parser; 0 before the first one. */
    private int lastEmittedType = 0;

    @Override
    public Token emit() {
        Token t = super.emit();
        lastEmittedType = t.getType();
        return t;
    }

    @Override
    public void reset() {
        super.reset();
        lastEmittedType = 0;
    }

    /**
     * Kibana's term characters each carry a {@code !Keyword} look-ahead: where {@code not} + whitespace begins, the
     * term ends, even in the middle of a word ({@code x:cannot be} stops after {@code can}). CHARS cannot hold
     * whitespace, so such a {@code not} can only be its last three characters: give them back to the input, where
     * NOT_KW matches next. (A lexer predicate per character would do the same but defeats ANTLR's DFA cache.)
     */
    private void endBeforeNotKeyword() {
        boolean longerThanNot = _input.index() - _tokenStartCharIndex > 3;
        if (longerThanNot && isWhitespace(_input.LA(1)) && isLetter(_input.LA(-3), 'n') && isLetter(_input.LA(-2), 'o')
                && isLetter(_input.LA(-1), 't')) {
            _input.seek(_input.index() - 3);
        }
    }

    /**
     * and/or need whitespace before them that the grammar has not already consumed as optional spacing (after
     * {@code ( { :} or a range operator, and at the start). There the match is only its leading whitespace, and the
     * word is lexed again as term text. An action rather than a predicate, so that the lexer DFA stays cacheable.
     */
    private void keywordOrLeadingWhitespace() {
        if (keywordAllowed()) {
            return;
        }
        _input.seek(_tokenStartCharIndex);
        while (isWhitespace(_input.LA(1))) {
            _input.consume();
        }
        setType(WS);
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\u00A0';
    }

    /** {@code lowerCase} in either case; only called with ASCII letters (setting bit 5 lower-cases them). */
    private static boolean isLetter(int c, char lowerCase) {
        return (c | 0x20) == lowerCase;
    }

    private boolean keywordAllowed() {
        switch (lastEmittedType) {
            case 0: case LPAREN: case LBRACE: case COLON: case LT: case LTE: case GT: case GTE:
                return false;
            default:
                return true;
        }
    }
}

// ---------------------------------------------------------------- parser
/* KqlParser runs this parser without building a parse tree (no child lists, no terminal nodes): KqlAstBuilder reads
   what it needs from the labels below, which ANTLR fills either way. */

query      : WS? body=orExpr? WS? EOF ;

orExpr     : operands+=andExpr (OR_KW operands+=andExpr)* ;
andExpr    : operands+=notExpr (AND_KW operands+=notExpr)* ;
notExpr    : NOT_KW operand=primary          # negated
           | operand=primary                 # plain
           ;

primary    : LPAREN WS? body=orExpr WS? RPAREN              # group
           | name=literal WS? suffix=fieldSuffix?           # fieldOrValue
           ;

/* what may follow a literal that turns it into a field name; factored so that every decision needs one token,
   which makes ANTLR's expected-token set at an error the one at the offending token */
fieldSuffix: COLON WS? target=colonTarget                   # colonSuffix
           | operator=rangeOperator WS? value=literal       # rangeValue
           ;
colonTarget: LBRACE WS? body=orExpr WS? RBRACE              # nestedGroup
           | values=valueList                               # fieldValues
           ;

rangeOperator : LTE | GTE | LT | GT ;

/* field:( a or b and not c ) — the field is distributed over every leaf */
valueList  : LPAREN WS? body=valueOr WS? RPAREN             # valueGroup
           | value=literal                                  # singleValue
           ;
valueOr    : operands+=valueAnd (OR_KW operands+=valueAnd)* ;
valueAnd   : operands+=valueNot (AND_KW operands+=valueNot)* ;
valueNot   : NOT_KW operand=valueList                       # negatedValue
           | operand=valueList                              # plainValue
           ;

literal    : text=QUOTED                                    # quotedLiteral
           | unquoted=term                                  # unquotedLiteral
           ;

/* A term keeps interior whitespace but never contains `not ` (the lexer ends CHARS before it, as Kibana does):
   `x:a not b` is a syntax error at `not`, `x:(a not)` the value "a not". */
term       : parts+=(CHARS | ESCAPE | STAR) (parts+=(CHARS | ESCAPE | STAR | WS))* ;

// ---------------------------------------------------------------- lexer

OR_KW      : WS_CHAR+ [oO] [rR] WS_CHAR+ {keywordOrLeadingWhitespace();} ;
AND_KW     : WS_CHAR+ [aA] [nN] [dD] WS_CHAR+ {keywordOrLeadingWhitespace();} ;
NOT_KW     : [nN] [oO] [tT] WS_CHAR+ ;
WS         : WS_CHAR+ ;

LPAREN     : '(' ;
RPAREN     : ')' ;
LBRACE     : '{' ;
RBRACE     : '}' ;
COLON      : ':' ;
LTE        : '<=' ;
GTE        : '>=' ;
LT         : '<' ;
GT         : '>' ;

/* escapes inside quotes are resolved per Kibana version by KqlAstBuilder; here a backslash just pairs with the next char */
QUOTED     : '"' ( '\\' . | ~["\\] )* '"' ;
/* never accepted by the parser: gives a positioned error instead of a lexer failure */
UNTERMINATED_QUOTED : '"' ( '\\' . | ~["\\] )* '\\'? ;

/* Kibana tries the whitespace escapes first: `\not` is a newline followed by "ot", only `\Not`/`\NOT`… are the word */
ESCAPE     : '\\' ( [\\():<>"*{}] | [trn] | 'u' HEX HEX HEX HEX | [aA] [nN] [dD] | [oO] [rR] | 'N' [oO] [tT] ) ;
/* any other backslash: a syntax error at the backslash */
BAD_ESCAPE : '\\' ;

STAR       : '*' ;
CHARS      : ~[\\():<>"*{} \t\r\n\u00A0]+ {endBeforeNotKeyword();} ;

fragment WS_CHAR : [ \t\r\n\u00A0] ;
fragment HEX     : [0-9a-fA-F] ;
