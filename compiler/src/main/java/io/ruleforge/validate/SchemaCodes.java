package io.ruleforge.validate;

/** Diagnostic codes of schema validation (RF2xxx). */
public final class SchemaCodes {
    public static final String MISSING_TABLE = "RF2001";
    public static final String UNKNOWN_KEY = "RF2002";
    public static final String MISSING_FIELD = "RF2003";
    public static final String WRONG_TYPE = "RF2004";
    public static final String NOT_IN_ENUM = "RF2005";
    public static final String OUT_OF_RANGE = "RF2006";
    public static final String BAD_DURATION = "RF2007";
    public static final String BAD_DATE_MATH = "RF2008";
    public static final String BAD_UUID = "RF2009";
    public static final String BAD_DATE = "RF2010";
    public static final String BAD_THREAT = "RF2011";
    public static final String DUPLICATE_RULE_ID = "RF2012";
    public static final String DUPLICATE_NAME = "RF2013";
    public static final String LANGUAGE_MISMATCH = "RF2014";
    public static final String EMPTY_VALUE = "RF2015";
    /** A warning: the look-back is shorter than the interval, so events between runs are never searched. */
    public static final String SCHEDULE_GAP = "RF2016";
    public static final String BAD_FIELD_NAME = "RF2017";
    public static final String BAD_URL = "RF2018";
    /** A warning: setup or note Markdown that is empty or renders wrongly. */
    public static final String MARKDOWN = "RF2019";
    public static final String BAD_VERSION = "RF2020";
    public static final String NOT_FOR_TYPE = "RF2021";
    /** Two rule files with one file name (in different folders) share a fixture folder, compiled file and report. */
    public static final String SHARED_FILE_NAME = "RF2022";

    private SchemaCodes() {
    }
}
