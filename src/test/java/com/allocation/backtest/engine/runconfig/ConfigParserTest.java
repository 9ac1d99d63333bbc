package com.allocation.backtest.engine.runconfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigParserTest {
    private static final String MINIMAL =
            "{'name':'Momentum 50','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':50}}";

    private final ConfigParser parser = new ConfigParser();

    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /** MINIMAL with one more top-level member, e.g. {@code 'rebalance':'hourly'}. */
    private static String minimalWith(String member) {
        return json(MINIMAL.substring(0, MINIMAL.length() - 1) + "," + member + "}");
    }

    @Test
    void fills_every_default() {
        BacktestConfig config = parser.parse(json(MINIMAL));

        assertThat(config.name()).isEqualTo("Momentum 50");
        assertThat(config.start()).isEqualTo(LocalDate.of(2010, 1, 1));
        assertThat(config.universe()).isNull();
        assertThat(config.signal()).isEqualTo(SignalSource.COMPOSITE);
        assertThat(config.rebalance()).isEqualTo(Rebalance.MONTHLY);
        assertThat(config.execution()).isEqualTo(Execution.NEXT_CLOSE);
        assertThat(config.topN()).isEqualTo(50);
        assertThat(config.weighting()).isEqualTo(WeightingScheme.EQUAL);
        assertThat(config.lookbackDays()).isEqualTo(63);
        assertThat(config.commissionBps()).isZero();
        assertThat(config.slippageBps()).isZero();
        assertThat(config.initialCapital()).isEqualTo(1_000_000);
        assertThat(config.riskFreeRate()).isZero();
        assertThat(config.benchmark()).isNull();
        assertThat(config.blobPrefix()).isNull();
    }

    @Test
    void reads_every_key() {
        BacktestConfig config = parser.parse(json("{'name':'x','start':'2010-01-01','end':'2010-01-01',"
                + "'universe':['MSFT','AAPL','MSFT'],'signal':{'source':'ranking','name':'mom_12-1'},"
                + "'rebalance':'weekly','execution':'same_close','selection':{'top_n':3},"
                + "'weighting':{'scheme':'inverse_vol','lookback_days':20},"
                + "'costs':{'commission_bps':1.5,'slippage_bps':2},'initial_capital':5000,"
                + "'risk_free_rate':-0.01,'benchmark':'SPY','output':{'blob_prefix':'team/a/'}}"));

        assertThat(config.universe()).containsExactly("AAPL", "MSFT");
        assertThat(config.signal()).isEqualTo(SignalSource.ranking("mom_12-1"));
        assertThat(config.rebalance()).isEqualTo(Rebalance.WEEKLY);
        assertThat(config.execution()).isEqualTo(Execution.SAME_CLOSE);
        assertThat(config.weighting()).isEqualTo(WeightingScheme.INVERSE_VOL);
        assertThat(config.lookbackDays()).isEqualTo(20);
        assertThat(config.totalCostBps()).isEqualTo(3.5);
        assertThat(config.initialCapital()).isEqualTo(5000);
        assertThat(config.riskFreeRate()).isEqualTo(-0.01);
        assertThat(config.benchmark()).isEqualTo("SPY");
        assertThat(config.blobPrefix()).isEqualTo("team/a/");
    }

    @Test
    void canonical_json_parses_back_to_an_equal_config_and_ignores_key_order() {
        BacktestConfig config = parser.parse(json("{'selection':{'top_n':5},'end':'2020-01-01','start':'2019-01-01',"
                + "'name':'a','universe':['B','A'],'weighting':{'lookback_days':10,'scheme':'inverse_vol'}}"));
        BacktestConfig reordered = parser.parse(json("{'name':'a','start':'2019-01-01','end':'2020-01-01',"
                + "'universe':['A','B'],'weighting':{'scheme':'inverse_vol','lookback_days':10},'selection':{'top_n':5}}"));

        assertThat(parser.parse(config.toCanonicalJson())).isEqualTo(config);
        assertThat(config.toCanonicalJson()).isEqualTo(reordered.toCanonicalJson());
        assertThat(config.toCanonicalJson()).startsWith("{\"name\":\"a\",\"start\":\"2019-01-01\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "'colour':'red'                                  | colour",
            "'universe':[]                                   | universe",
            "'universe':'AAPL'                               | universe",
            "'universe':['AAPL','aapl']                      | universe[1]",
            "'universe':['AAPL',7]                           | universe[1]",
            "'universe':['THIS_SYMBOL_IS_TOO_LONG_X']        | universe[0]",
            "'signal':'composite'                            | signal",
            "'signal':{'source':'delta'}                     | signal.source",
            "'signal':{'source':'ranking'}                   | signal.name",
            "'signal':{'source':'ranking','name':'a b'}      | signal.name",
            "'signal':{'source':'composite','name':'x'}      | signal.name",
            "'rebalance':'hourly'                            | rebalance",
            "'execution':'open'                              | execution",
            "'weighting':{'scheme':'cap'}                    | weighting.scheme",
            "'weighting':{'scheme':'inverse_vol','lookback_days':1}    | weighting.lookback_days",
            "'weighting':{'scheme':'inverse_vol','lookback_days':2521} | weighting.lookback_days",
            "'weighting':{'scheme':'inverse_vol','lookback_days':6.5}  | weighting.lookback_days",
            "'weighting':{'scheme':'equal','lookback_days':20}         | weighting.lookback_days",
            "'weighting':{'scheme':'equal','window':20}      | weighting.window",
            "'weighting':'equal'                             | weighting",
            "'costs':{'commission_bps':-1}                   | costs.commission_bps",
            "'costs':{'slippage_bps':1000.5}                 | costs.slippage_bps",
            "'costs':{'commission_bps':'5'}                  | costs.commission_bps",
            "'costs':{'fees':1}                              | costs.fees",
            "'initial_capital':0                             | initial_capital",
            "'initial_capital':'1e6'                         | initial_capital",
            "'risk_free_rate':1.01                           | risk_free_rate",
            "'risk_free_rate':-0.51                          | risk_free_rate",
            "'benchmark':'spy'                               | benchmark",
            "'benchmark':null                                | benchmark",
            "'output':{'blob_prefix':'../escape'}            | output.blob_prefix",
            "'output':{'blob_prefix':'a/../b'}               | output.blob_prefix",
            "'output':{'blob_prefix':'/abs'}                 | output.blob_prefix",
            "'output':{'blob_prefix':'a\\\\b'}               | output.blob_prefix",
            "'output':{'blob_prefix':'a\\u0007b'}            | output.blob_prefix",
            "'output':{'blob_prefix':''}                     | output.blob_prefix",
            "'output':{'blob_prefix':3}                      | output.blob_prefix",
            "'output':{'container':'x','blob_prefix':'a'}    | output.container",
            "'output':{}                                     | output.blob_prefix",
    })
    void rejectsABadValueNamingTheField(String member, String field) {
        assertThatThrownBy(() -> parser.parse(minimalWith(member)))
                .isInstanceOfSatisfying(ConfigValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{'start':'2010-01-01','end':'2020-12-31','selection':{'top_n':5}}                  | name",
            "{'name':'','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':5}}        | name",
            "{'name':'a/b','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':5}}     | name",
            "{'name':'a','end':'2020-12-31','selection':{'top_n':5}}                            | start",
            "{'name':'a','start':'2010-02-30','end':'2020-12-31','selection':{'top_n':5}}       | start",
            "{'name':'a','start':'2010-1-1','end':'2020-12-31','selection':{'top_n':5}}         | start",
            "{'name':'a','start':20100101,'end':'2020-12-31','selection':{'top_n':5}}           | start",
            "{'name':'a','start':'2021-01-01','end':'2020-12-31','selection':{'top_n':5}}       | start",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31'}                               | selection.top_n",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31','selection':{}}                | selection.top_n",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':0}}       | selection.top_n",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':10001}}   | selection.top_n",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':5.0}}     | selection.top_n",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':'5'}}     | selection.top_n",
            "{'name':'a','start':'2010-01-01','end':'2020-12-31','selection':5}                 | selection",
            "[1,2]                                                                              | $",
            "{'name':'a',                                                                       | $",
            "{'name':'a','name':'b','start':'2010-01-01','end':'2020-12-31','selection':{'top_n':5}} | $",
    })
    void rejectsABadDocumentNamingTheField(String document, String field) {
        assertThatThrownBy(() -> parser.parse(json(document)))
                .isInstanceOfSatisfying(ConfigValidationException.class,
                        e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly(field));
    }

    @Test
    void reports_every_problem_at_once() {
        String document = json("{'name':'','start':'x','end':'2020-12-31','selection':{'top_n':0},'rebalance':'x',"
                + "'colour':1}");

        assertThatThrownBy(() -> parser.parse(document))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("colour", "name", "start", "rebalance", "selection.top_n"));
    }

    @Test
    void a_field_error_says_what_the_value_must_be() {
        assertThatThrownBy(() -> parser.parse(minimalWith("'rebalance':'hourly'")))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.errors())
                        .containsExactly(new FieldError("rebalance", "must be one of daily, weekly, monthly, quarterly")));
    }

    @Test
    void accepts_the_boundary_values() {
        BacktestConfig config = parser.parse(json("{'name':'" + "n".repeat(100) + "','start':'2010-01-01',"
                + "'end':'2010-01-01','selection':{'top_n':10000},'costs':{'commission_bps':1000,'slippage_bps':0},"
                + "'risk_free_rate':1,'weighting':{'scheme':'inverse_vol','lookback_days':2520},"
                + "'output':{'blob_prefix':'" + "p".repeat(200) + "'}}"));

        assertThat(config.topN()).isEqualTo(10000);
        assertThat(List.of(config.lookbackDays(), (int) config.commissionBps())).containsExactly(2520, 1000);
    }
}
