package dev.sluice.gateway.api.model;

import javax.annotation.Nullable;

import java.util.List;

/** Sample arguments for a function's try-it call, in parameter order. */
public record TryRequest(@Nullable List<Object> arguments) {}
