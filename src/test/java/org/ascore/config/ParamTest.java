package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.ascore.metric.AttackDirection;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading one declared setting: types, bounds (open and closed), defaults and the errors' key and reason. */
class ParamTest {
    private static Config conf(String hocon) {
        return ConfigFactory.parseString(hocon);
    }

    private static String reason(Param<?> p, String hocon) {
        ConfigException e = assertThrows(ConfigException.class, () -> p.read(conf(hocon)));
        assertEquals(p.key(), e.key());
        return e.reason();
    }

    @Test
    void decimalBoundsAreOpenOrClosedAsDeclared() {
        Param<Double> p = Param.decimal("x", 0.5, 0, false, 1, true, "doc");
        assertEquals("decimal (0, 1]", p.allowed());
        assertEquals(1.0, p.read(conf("ascore.x = 1")));
        assertEquals(0.25, p.read(conf("ascore.x = \"0.25\"")));
        assertEquals(0.5, p.read(conf("")));
        assertEquals("must be in (0, 1], got 0", reason(p, "ascore.x = 0"));
        assertTrue(reason(p, "ascore.x = NaN").startsWith("must be a finite number"));
        Param<Double> open = Param.decimal("y", 1e-6, 0, true, Double.POSITIVE_INFINITY, false, "doc");
        assertEquals("decimal >= 0", open.allowed());
        assertEquals("1e-6", open.defaultValue());
        assertEquals("must be >= 0, got -1", reason(open, "ascore.y = -1"));
    }

    @Test
    void integersAreWholeAndInRange() {
        Param<Integer> p = Param.integer("n", 3, 1, 9, "doc");
        assertEquals("integer 1..9", p.allowed());
        assertEquals(9, p.read(conf("ascore.n = \" 9 \"")));
        assertEquals("must be an integer, got '1.5'", reason(p, "ascore.n = 1.5"));
        assertEquals("must be in 1..9, got 10", reason(p, "ascore.n = 10"));
        assertTrue(reason(p, "ascore.n = [1]").startsWith("must be an integer, got list"));
    }

    @Test
    void choicesAndBooleansIgnoreCase() {
        Param<AttackDirection> d = Param.choice("d", AttackDirection.REFERENCE, "doc");
        assertEquals("reference or ascent", d.allowed());
        assertEquals(AttackDirection.ASCENT, d.read(conf("ascore.d = ASCENT")));
        assertEquals("must be reference or ascent, got 'up'; the allowed values are [reference, ascent]",
                reason(d, "ascore.d = up"));
        Param<Boolean> b = Param.bool("b", false, "doc");
        assertEquals(true, b.read(conf("ascore.b = \"TRUE\"")));
        assertEquals("must be true or false, got 'yes'", reason(b, "ascore.b = yes"));
    }

    @Test
    void requiredSettingsSayWhatTheyAre() {
        Param<String> s = Param.required("s", "the thing");
        assertEquals("is required (the thing)", reason(s, ""));
        assertEquals("is required (the thing)", reason(s, "ascore.s = \"  \""));
        Param<List<String>> l = Param.list("l", true, "the things");
        assertEquals("needs at least one value (the things)", reason(l, "ascore.l = []"));
        assertEquals(List.of("a", "b,c"), l.read(conf("ascore.l = [\" a \", \"b,c\", \"\"]")));
        assertEquals(List.of("a", "b"), l.read(conf("ascore.l = \"a, b,\"")));
        assertEquals(List.of("a,b"), l.read(conf("ascore.l = \"[\\\"a,b\\\"]\"")));
    }

    @Test
    void matchingAllowsEmptyOnlyWhenTheDefaultIsEmpty() {
        Param<String> optional = Param.matching("o", "", "[a-z]+", "letters", "doc");
        assertEquals("", optional.read(conf("ascore.o = \"\"")));
        assertEquals("must be letters, got '1'", reason(optional, "ascore.o = \"1\""));
        Param<String> withDefault = Param.matching("w", "abc", "[a-z]+", "letters", "doc");
        assertEquals("must be letters, got ''", reason(withDefault, "ascore.w = \"\""));
    }
}
