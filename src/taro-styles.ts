// WeChat draws its components itself: nothing to import. The H5 build uses taro-styles.h5.ts.
export {}
