// Placeholder: replaced by the database resolution (MONGODB_URI, mongodb-memory-server, emulator).
export default async function globalSetup(): Promise<void> {}
