package io.doorlock.localrun.broker;

/** What the plugin decides when no ACL of a client's roles matches ({@code defaultACLAccess} of its state file). */
record DefaultAccess(boolean publishClientSend, boolean publishClientReceive, boolean subscribe, boolean unsubscribe) {

    /** The plugin's defaults: publishing and subscribing denied, receiving and unsubscribing allowed. */
    static final DefaultAccess PLUGIN = new DefaultAccess(false, true, false, true);
}
