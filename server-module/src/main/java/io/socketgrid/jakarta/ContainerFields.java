package io.socketgrid.jakarta;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaches a container's private instance fields by name, along the class hierarchy, for the patches that work
 * around the container from inside the WAR ({@link TyrusSchedulerPatch}, {@link UpgradeRequestTrim}). Each
 * lookup is made once per class and name.
 */
final class ContainerFields {

    private static final ClassValue<ConcurrentHashMap<String, Optional<Field>>> FIELDS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, Optional<Field>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private ContainerFields() {
    }

    /** The instance field {@code name} declared by {@code type} or its nearest superclass that has one. */
    static Optional<Field> find(Class<?> type, String name) {
        return FIELDS.get(type).computeIfAbsent(name, n -> {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(n) && !Modifier.isStatic(f.getModifiers())) {
                        return Optional.of(f);
                    }
                }
            }
            return Optional.empty();
        });
    }

    static boolean has(Object target, String name) {
        return find(target.getClass(), name).isPresent();
    }

    /** Follows {@code names} from {@code start}; null as soon as an object is null or lacks the next field. */
    static Object path(Object start, String... names) throws IllegalAccessException {
        Object current = start;
        for (String name : names) {
            if (current == null || !has(current, name)) {
                return null;
            }
            current = get(current, name);
        }
        return current;
    }

    static Object get(Object target, String name) throws IllegalAccessException {
        return accessible(find(target.getClass(), name).orElseThrow()).get(target);
    }

    static void set(Object target, String name, Object value) throws IllegalAccessException {
        accessible(find(target.getClass(), name).orElseThrow()).set(target, value);
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }
}
