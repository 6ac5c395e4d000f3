//// cell 0
def f: Int
//// cell 1
f
