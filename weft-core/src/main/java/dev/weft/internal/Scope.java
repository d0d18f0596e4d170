package dev.weft.internal;

/** A kind of coroutine (tasks, generators), as the kernel that made it knows it. Not public API. */
public final class Scope {
    final String name;
    final Object impl; // the backend's own scope object

    Scope(String name, Object impl) {
        this.name = name;
        this.impl = impl;
    }

    @Override
    public String toString() {
        return "Scope[" + name + "]";
    }
}
