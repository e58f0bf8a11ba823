// Runs once in every JavaScript UDF context, before the function's own script. It bounds the built-ins that
// turn one statement into a huge allocation (the community edition has no heap limit per context), removes the
// globals a UDF has no use for, and then freezes every object reachable from the global scope, so no call can
// leave state behind in a prototype, a global or a built-in for the next call.
(function (maxLength) {
    "use strict";
    const tooLong = (what, n) => new RangeError(what + " of " + n + " exceeds the sandbox limit of " + maxLength);
    const guard = (owner, name, check) => {
        const original = owner[name];
        Object.defineProperty(owner, name, {
            value: {
                [name](...args) {
                    check(this, args);
                    return Reflect.apply(original, this, args);
                }
            }[name],
            writable: false, configurable: false, enumerable: false
        });
    };
    const lengthOf = (value) => (value === null || value === undefined) ? 0 : Number(value.length) || 0;
    guard(String.prototype, "repeat", (s, [n]) => {
        const size = String(s).length * Number(n);
        if (size > maxLength) throw tooLong("a string", size);
    });
    for (const pad of ["padStart", "padEnd"]) {
        guard(String.prototype, pad, (s, [n]) => {
            if (Number(n) > maxLength) throw tooLong("a string", n);
        });
    }
    guard(Array.prototype, "fill", (a) => {
        if (lengthOf(a) > maxLength) throw tooLong("an array", lengthOf(a));
    });
    guard(Array.prototype, "join", (a, [separator]) => {
        const size = lengthOf(a) * (separator === undefined ? 1 : String(separator).length);
        if (size > maxLength) throw tooLong("a string", size);
    });
    guard(Array, "from", (a, [source]) => {
        if (lengthOf(source) > maxLength) throw tooLong("an array", lengthOf(source));
    });
    // Binary buffers allocate eagerly and no UDF needs them; Graal is the engine's introspection object.
    for (const name of ["ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "WebAssembly", "Graal",
            "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
            "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array", "FinalizationRegistry", "WeakRef"]) {
        delete globalThis[name];
    }
    const frozen = new Set();
    const freeze = (value) => {
        if ((typeof value !== "object" && typeof value !== "function") || value === null || frozen.has(value)) {
            return;
        }
        frozen.add(value);
        Object.freeze(value);
        for (const key of Reflect.ownKeys(value)) {
            const property = Object.getOwnPropertyDescriptor(value, key);
            freeze(property.value);
            freeze(property.get);
            freeze(property.set);
        }
        freeze(Object.getPrototypeOf(value));
    };
    // Intrinsics that no global names: iterator, generator and async function prototypes.
    freeze(Object.getPrototypeOf(function* () {}));
    freeze(Object.getPrototypeOf(async function () {}));
    freeze(Object.getPrototypeOf(async function* () {}));
    freeze(Object.getPrototypeOf([][Symbol.iterator]()));
    freeze(Object.getPrototypeOf(new Map()[Symbol.iterator]()));
    freeze(Object.getPrototypeOf(new Set()[Symbol.iterator]()));
    freeze(Object.getPrototypeOf(""[Symbol.iterator]()));
    freeze(Object.getPrototypeOf(/x/[Symbol.matchAll]("")));
    freeze(globalThis);
})
