/**
 * The function catalog: definitions ({@link dev.sluice.udf.catalog.FunctionDefinition}) with immutable numbered
 * versions ({@link dev.sluice.udf.catalog.FunctionVersion}) and a current-version pointer, stored in the metadata
 * store, and the seam every language implements ({@link dev.sluice.udf.catalog.FunctionLanguage}).
 */
package dev.sluice.udf.catalog;
