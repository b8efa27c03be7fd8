package io.ruleforge.validate;

import io.ruleforge.diag.Code;

/** Diagnostic codes of schema validation (RF2xxx). */
public final class SchemaCodes {
    public static final String MISSING_TABLE = Code.RF2001.id();
    public static final String UNKNOWN_KEY = Code.RF2002.id();
    public static final String MISSING_FIELD = Code.RF2003.id();
    public static final String WRONG_TYPE = Code.RF2004.id();
    public static final String NOT_IN_ENUM = Code.RF2005.id();
    public static final String OUT_OF_RANGE = Code.RF2006.id();
    public static final String BAD_DURATION = Code.RF2007.id();
    public static final String BAD_DATE_MATH = Code.RF2008.id();
    public static final String BAD_UUID = Code.RF2009.id();
    public static final String BAD_DATE = Code.RF2010.id();
    public static final String BAD_THREAT = Code.RF2011.id();
    public static final String DUPLICATE_RULE_ID = Code.RF2012.id();
    public static final String DUPLICATE_NAME = Code.RF2013.id();
    public static final String LANGUAGE_MISMATCH = Code.RF2014.id();
    public static final String EMPTY_VALUE = Code.RF2015.id();
    /** A warning: the look-back is shorter than the interval, so events between runs are never searched. */
    public static final String SCHEDULE_GAP = Code.RF2016.id();
    public static final String BAD_FIELD_NAME = Code.RF2017.id();
    public static final String BAD_URL = Code.RF2018.id();
    /** A warning: setup or note Markdown that is empty or renders wrongly. */
    public static final String MARKDOWN = Code.RF2019.id();
    public static final String BAD_VERSION = Code.RF2020.id();
    public static final String NOT_FOR_TYPE = Code.RF2021.id();
    /** Two rule files with one file name (in different folders) share a fixture folder, compiled file and report. */
    public static final String SHARED_FILE_NAME = Code.RF2022.id();
    public static final String UNSAFE_RULE_ID = Code.RF2023.id();

    private SchemaCodes() {
    }
}
