package com.allocation.backtest.localhost;

import com.microsoft.azure.functions.annotation.FunctionName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFunctionsTest {
    @Test
    void the_local_host_finds_every_function_of_the_functions_package() {
        List<String> names = LocalFunctions.CLASSES.stream()
            .flatMap(type -> Arrays.stream(type.getMethods()))
            .filter(method -> method.isAnnotationPresent(FunctionName.class))
            .map(LocalFunctionsTest::functionName)
            .sorted()
            .toList();

        assertThat(names).containsExactly("api", "backtest-runs", "backtest-runs-poison", "healthz", "readyz", "reconcile", "replicate-signals");
    }

    @Test
    void every_function_class_lives_in_the_functions_package() {
        assertThat(LocalFunctions.CLASSES).isNotEmpty()
            .allSatisfy(type -> assertThat(type.getPackageName()).isEqualTo("com.allocation.backtest.functions"));
    }

    private static String functionName(Method method) {
        return method.getAnnotation(FunctionName.class).value();
    }
}
