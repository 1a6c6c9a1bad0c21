package dev.geminisearch.item;

/** No item has the requested id (404). */
public class ItemNotFoundException extends RuntimeException {

    private final String id;

    public ItemNotFoundException(String id) {
        super("no item with id '" + id + "'");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
