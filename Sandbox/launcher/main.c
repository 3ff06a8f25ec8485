/* Placeholder until the launcher lands. */
int main(void) { return 0; }
