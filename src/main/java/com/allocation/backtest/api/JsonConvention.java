package com.allocation.backtest.api;

import com.allocation.backtest.common.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/** Gives the context's mapper, which reads and writes every HTTP body, the app's one JSON convention. */
@Singleton
public class JsonConvention implements BeanCreatedEventListener<ObjectMapper> {
    @Override
    public ObjectMapper onCreated(BeanCreatedEvent<ObjectMapper> event) {
        return Json.configure(event.getBean());
    }
}
