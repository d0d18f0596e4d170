package dev.weft;

import static org.assertj.core.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link ExceptionGroup}'s message, subgroup and split, ported from CPython's
 * Lib/test/test_exception_group.py (ExceptionGroupSubgroupTests, ExceptionGroupSplitTests): nested
 * groups are kept, an empty result is absent, a group the condition matches is passed through.
 */
class ExceptionGroupTest {
    private final IllegalArgumentException v1 = new IllegalArgumentException("1");
    private final IllegalStateException t2 = new IllegalStateException("2");
    private final IllegalArgumentException v3 = new IllegalArgumentException("3");
    private final IOException io4 = new IOException("4");
    private final ExceptionGroup inner = new ExceptionGroup("inner", List.of(t2, v3));
    private final ExceptionGroup eg = new ExceptionGroup("top", List.of(v1, inner, io4));

    /** The group's shape as a string: leaves by message, groups as message[...]. */
    private static String shape(Throwable t) {
        if (t instanceof ExceptionGroup g) {
            StringBuilder sb = new StringBuilder(g.message()).append('[');
            for (int i = 0; i < g.exceptions().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(shape(g.exceptions().get(i)));
            }
            return sb.append(']').toString();
        }
        return t.getMessage();
    }

    private static String shape(Optional<ExceptionGroup> g) {
        return g.map(ExceptionGroupTest::shape).orElse("absent");
    }

    @Test
    void messageIsBareWhileGetMessageCountsAsPythonsStr() {
        assertThat(eg.message()).isEqualTo("top");
        assertThat(eg.getMessage()).isEqualTo("top (3 sub-exceptions)");
        assertThat(inner.getMessage()).isEqualTo("inner (2 sub-exceptions)");
    }

    @Test
    void anEmptyGroupIsRefusedWithPythonsSentence() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExceptionGroup("x", List.of()))
                .withMessage("second argument (exceptions) must be a non-empty sequence");
    }

    @Test
    void subgroupByTypePassesThroughWhenTheGroupItselfMatches() {
        // test_basics_subgroup_by_type__passthrough
        assertThat(eg.subgroup(Throwable.class)).containsSame(eg);
        assertThat(eg.subgroup(RuntimeException.class)).containsSame(eg);
        assertThat(eg.subgroup(ExceptionGroup.class)).containsSame(eg);
    }

    @Test
    void subgroupByTypeWithNoMatchIsAbsent() {
        assertThat(eg.subgroup(ArithmeticException.class)).isEmpty(); // test_basics_subgroup_by_type__no_match
    }

    @Test
    void subgroupByTypeKeepsTheNestingAndTheMessages() {
        // test_basics_subgroup_by_type__match
        Optional<ExceptionGroup> sub = eg.subgroup(IllegalArgumentException.class);
        assertThat(shape(sub)).isEqualTo("top[1, inner[3]]");
        assertThat(sub.orElseThrow().exceptions().get(0)).isSameAs(v1);
        assertThat(shape(eg.subgroup(IllegalStateException.class))).isEqualTo("top[inner[2]]");
        assertThat(shape(eg.subgroup(IOException.class))).isEqualTo("top[4]");
    }

    @Test
    void subgroupByPredicateAsksNestedGroupsToo() {
        // test_basics_subgroup_by_predicate__passthrough / __no_match / __match
        assertThat(eg.subgroup(e -> true)).containsSame(eg);
        assertThat(eg.subgroup(e -> false)).isEmpty();
        assertThat(shape(eg.subgroup(e -> "3".equals(e.getMessage())))).isEqualTo("top[inner[3]]");
        // A predicate that holds for the inner group keeps it whole, as the same object.
        ExceptionGroup sub = eg.subgroup(e -> e == inner).orElseThrow();
        assertThat(sub.exceptions()).containsExactly(inner);
    }

    @Test
    void splitByTypeGivesMatchAndRestInTheOriginalShape() {
        // test_basics_split_by_type__match
        ExceptionGroup.Split s = eg.split(IllegalArgumentException.class);
        assertThat(shape(s.match())).isEqualTo("top[1, inner[3]]");
        assertThat(shape(s.rest())).isEqualTo("top[inner[2], 4]");
    }

    @Test
    void splitWithEverythingOrNothingMatchingLeavesOneSideAbsent() {
        // test_basics_split_by_type__passthrough / __no_match, and the predicate versions
        ExceptionGroup.Split all = eg.split(RuntimeException.class);
        assertThat(all.match()).containsSame(eg);
        assertThat(all.rest()).isEmpty();
        ExceptionGroup.Split none = eg.split(ArithmeticException.class);
        assertThat(none.match()).isEmpty();
        assertThat(shape(none.rest())).isEqualTo("top[1, inner[2, 3], 4]");
        assertThat(eg.split(e -> false).match()).isEmpty();
        assertThat(eg.split(e -> true).rest()).isEmpty();
    }

    @Test
    void derivedGroupsKeepTheCauseAndStackTraceAndSuppressTheirFailures() {
        // test_split_copies_notes and friends: what Python copies, Java's Throwable keeps as cause and trace.
        ExceptionGroup m = eg.split(IOException.class).match().orElseThrow();
        assertThat(m.getStackTrace()).isEqualTo(eg.getStackTrace());
        assertThat(m.getSuppressed()).containsExactly(io4);
        assertThat(m.getMessage()).isEqualTo("top (1 sub-exception)");
    }

    @Test
    void nullConditionsAreRefused() {
        assertThatNullPointerException().isThrownBy(() -> eg.subgroup((Class<? extends Throwable>) null))
                .withMessage("type");
        assertThatNullPointerException().isThrownBy(() -> eg.split((java.util.function.Predicate<Throwable>) null))
                .withMessage("condition");
    }

    @Test
    void theSnippetOfExceptionGroupSplit() {
        List<Throwable> retried = new java.util.ArrayList<>();
        java.util.function.Consumer<List<Throwable>> retryLater = retried::addAll;
        assertThatThrownBy(() -> {
            try {
                throw eg;
            // = the second snippet of ExceptionGroup
            } catch (ExceptionGroup eg) {
                ExceptionGroup.Split s = eg.split(java.io.IOException.class);
                s.match().ifPresent(io -> retryLater.accept(io.exceptions()));
                s.rest().ifPresent(rest -> { throw rest; });
            }
        }).isInstanceOfSatisfying(ExceptionGroup.class, rest -> assertThat(shape(rest)).isEqualTo("top[1, inner[2, 3]]"));
        assertThat(retried).containsExactly(io4);
    }
}
